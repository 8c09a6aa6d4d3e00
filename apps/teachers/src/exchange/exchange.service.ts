import { assertCanWrite, assertRegionInScope, regionScopePrefix } from '@epg/auth';
import { canonicalPrefix, regionCodeSchema } from '@epg/domain';
import { isUniqueViolation, recordAudit } from '@epg/persistence';
import { badUserInput, conflict, notFound, parseInput, type BaseContext } from '@epg/subgraph-kit';
import { lookUpSchool } from '../school/school-ref';
import { lockTeacher } from '../teacher/teacher.service';
import { likePrefix } from '../teacher/teacher.repository';
import {
  ExchangeActivityEntity,
  MentorPairEntity,
  SchoolPairingEntity,
  SupportTeachingQuotaEntity,
  TeacherRotationEntity,
} from './exchange.entities';
import { findQuota, supportTeachersSent } from './exchange.repository';
import {
  exchangeActivitySchema,
  pairMentorSchema,
  pairSchoolsSchema,
  quotaProgress,
  recordRotationSchema,
  supportTeachingQuotaSchema,
  yearSchema,
} from './exchange.rules';

export async function recordRotation(ctx: BaseContext, rawInput: unknown): Promise<TeacherRotationEntity> {
  assertCanWrite(ctx.principal);
  const input = parseInput(recordRotationSchema, rawInput, 'input');
  const to = await lookUpSchool(ctx, input.toSchoolId, 'input.toSchoolId');
  return ctx.dataSource.transaction(async (manager) => {
    const teacher = await lockTeacher(manager, ctx, input.teacherId);
    if (teacher.leftOn !== null) throw badUserInput('the teacher has left the service', [{ path: 'input.teacherId', message: 'left the service' }]);
    if (teacher.schoolId === to.id) {
      throw badUserInput('a rotation goes to another school', [{ path: 'input.toSchoolId', message: 'the teacher is posted there' }]);
    }
    const repo = manager.getRepository(TeacherRotationEntity);
    const rotation = await repo.save(
      repo.create({
        teacherId: teacher.id,
        kind: input.kind,
        manager: input.manager ?? false,
        fromSchoolId: teacher.schoolId,
        fromRegionCode: teacher.regionCode,
        fromRural: teacher.rural,
        toSchoolId: to.id,
        toRegionCode: to.regionCode,
        toRural: input.toRural,
        startDate: input.startDate,
        endDate: input.endDate ?? null,
      }),
    );
    await recordAudit(manager, ctx, { operation: 'recordRotation', entityType: 'TeacherRotation', entityId: rotation.id, after: { ...rotation } });
    return rotation;
  });
}

export interface SupportTeachingProgressView extends ReturnType<typeof quotaProgress> {
  regionCode: string;
  year: number;
}

export async function supportTeachingProgress(ctx: BaseContext, args: { regionCode: string; year: number }): Promise<SupportTeachingProgressView> {
  const regionCode = parseInput(regionCodeSchema, args.regionCode, 'regionCode');
  const year = parseInput(yearSchema, args.year, 'year');
  assertRegionInScope(ctx.principal, regionCode);
  const [quota, sent] = await Promise.all([
    findQuota(ctx.dataSource, regionCode, year),
    supportTeachersSent(ctx.dataSource, canonicalPrefix(regionCode), year),
  ]);
  return { regionCode, year, ...quotaProgress(quota, sent.managers, sent.teachers) };
}

export async function setSupportTeachingQuota(ctx: BaseContext, rawInput: unknown): Promise<SupportTeachingProgressView> {
  assertCanWrite(ctx.principal);
  const input = parseInput(supportTeachingQuotaSchema.extend({ regionCode: regionCodeSchema }), rawInput, 'input');
  assertRegionInScope(ctx.principal, input.regionCode);
  await ctx.dataSource.transaction(async (manager) => {
    const repo = manager.getRepository(SupportTeachingQuotaEntity);
    const before = await repo.findOne({ where: { regionCode: input.regionCode, year: input.year }, lock: { mode: 'pessimistic_write' } });
    const saved = await repo.save(repo.create({ ...(before ?? {}), ...input }));
    await recordAudit(manager, ctx, {
      operation: 'setSupportTeachingQuota',
      entityType: 'SupportTeachingQuota',
      entityId: saved.id,
      before: before ? { ...before } : null,
      after: { ...saved },
    });
  });
  return supportTeachingProgress(ctx, { regionCode: input.regionCode, year: input.year });
}

export async function pairSchools(ctx: BaseContext, rawInput: unknown): Promise<SchoolPairingEntity> {
  assertCanWrite(ctx.principal);
  const input = parseInput(pairSchoolsSchema, rawInput, 'input');
  const strong = await lookUpSchool(ctx, input.strongSchoolId, 'input.strongSchoolId');
  const supported = await lookUpSchool(ctx, input.supportedSchoolId, 'input.supportedSchoolId');
  return ctx.dataSource.transaction(async (manager) => {
    const repo = manager.getRepository(SchoolPairingEntity);
    const existing = await repo
      .createQueryBuilder('p')
      .where('p.strong_school_id = :a AND p.supported_school_id = :b AND p.ended_on IS NULL', { a: strong.id, b: supported.id })
      .getExists();
    if (existing) throw conflict('these schools are already paired');
    const pairing = await repo.save(
      repo.create({
        strongSchoolId: strong.id,
        strongRegionCode: strong.regionCode,
        supportedSchoolId: supported.id,
        regionCode: supported.regionCode,
        startedOn: input.startedOn,
        endedOn: null,
      }),
    );
    await recordAudit(manager, ctx, { operation: 'pairSchools', entityType: 'SchoolPairing', entityId: pairing.id, after: { ...pairing } });
    return pairing;
  });
}

export async function recordExchangeActivity(ctx: BaseContext, rawInput: unknown): Promise<ExchangeActivityEntity> {
  assertCanWrite(ctx.principal);
  const input = parseInput(exchangeActivitySchema, rawInput, 'input');
  return ctx.dataSource.transaction(async (manager) => {
    const pairing = await manager
      .getRepository(SchoolPairingEntity)
      .createQueryBuilder('p')
      .where('p.id = :id', { id: input.pairingId })
      .andWhere('p.region_code LIKE :prefix', { prefix: likePrefix(regionScopePrefix(ctx.principal)) })
      .getOne();
    if (!pairing) throw notFound('school pairing');
    if (input.heldOn < pairing.startedOn || (pairing.endedOn !== null && input.heldOn > pairing.endedOn)) {
      const message = 'the activity falls outside the pairing';
      throw badUserInput(`input.heldOn: ${message}`, [{ path: 'input.heldOn', message }]);
    }
    const repo = manager.getRepository(ExchangeActivityEntity);
    const activity = await repo.save(repo.create({ pairingId: pairing.id, heldOn: input.heldOn, title: input.title }));
    await recordAudit(manager, ctx, { operation: 'recordExchangeActivity', entityType: 'ExchangeActivity', entityId: activity.id, after: { ...activity } });
    return activity;
  });
}

export async function pairMentor(ctx: BaseContext, rawInput: unknown): Promise<MentorPairEntity> {
  assertCanWrite(ctx.principal);
  const input = parseInput(pairMentorSchema, rawInput, 'input');
  try {
    return await ctx.dataSource.transaction(async (manager) => {
      const mentor = await lockTeacher(manager, ctx, input.mentorId);
      const mentee = await lockTeacher(manager, ctx, input.menteeId);
      if (mentor.leftOn !== null || mentee.leftOn !== null) {
        throw badUserInput('both teachers must be serving', [{ path: 'input', message: 'a teacher has left the service' }]);
      }
      const repo = manager.getRepository(MentorPairEntity);
      const pair = await repo.save(
        repo.create({ mentorId: mentor.id, menteeId: mentee.id, regionCode: mentee.regionCode, startedOn: input.startedOn }),
      );
      await recordAudit(manager, ctx, { operation: 'pairMentor', entityType: 'MentorPair', entityId: pair.id, after: { ...pair } });
      return pair;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict('these teachers are already paired');
    throw err;
  }
}

import { assertRegionInScope } from '@epg/auth';
import { regionCodeSchema, type RegionCode } from '@epg/domain';
import { badUserInput, conflict, notFound, parseInput, openWrite, write, type BaseContext } from '@epg/subgraph-kit';
import { lookUpSchool } from '../school/school-ref';
import { SchoolHardshipEntity } from '../school/school-hardship.entity';
import { hardshipConflict } from '../school/school-hardship.rules';
import { lockTeacher } from '../teacher/teacher.service';
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
  overlappingRotation,
  supportTeachingQuotaSchema,
  yearSchema,
} from './exchange.rules';

export async function recordRotation(ctx: BaseContext, rawInput: unknown): Promise<TeacherRotationEntity> {
  // Rights first; the receiving school is read through the graph (inside the caller's scope) before the transaction.
  const record = openWrite(ctx, { operation: 'recordRotation' });
  const input = parseInput(recordRotationSchema, rawInput, 'input');
  const to = await lookUpSchool(ctx, input.toSchoolId, 'input.toSchoolId');
  return record.run(async (tx) => {
    const teacher = await lockTeacher(tx.data, input.teacherId);
    if (teacher.leftOn !== null) throw badUserInput('the teacher has left the service', [{ path: 'input.teacherId', message: 'left the service' }]);
    if (teacher.schoolId === to.id) {
      throw badUserInput('a rotation goes to another school', [{ path: 'input.toSchoolId', message: 'the teacher is posted there' }]);
    }
    // The receiving school's rural flag is its record's (the tier is the school's): a rotation cannot say otherwise.
    const recorded = await tx.manager.getRepository(SchoolHardshipEntity).findOne({ where: { schoolId: to.id } });
    const contradiction = recorded ? hardshipConflict(recorded, { rural: input.toRural }) : null;
    if (contradiction) throw badUserInput(`input.toRural: ${contradiction}`, [{ path: 'input.toRural', message: contradiction }]);
    const repo = tx.manager.getRepository(TeacherRotationEntity);
    // The teacher row is locked above: rotations of one teacher are checked one after the other.
    const clash = overlappingRotation(await repo.find({ where: { teacherId: teacher.id } }), input.startDate, input.endDate ?? null);
    if (clash) {
      const message = `the teacher is already on a rotation from ${clash.startDate} to ${clash.endDate ?? 'now (under way)'}`;
      throw badUserInput(`input.startDate: ${message}`, [{ path: 'input.startDate', message }]);
    }
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
    tx.audit({ operation: 'recordRotation', regionCode: rotation.fromRegionCode, entityType: 'TeacherRotation', entityId: rotation.id, after: { ...rotation } });
    return rotation;
  });
}

export interface SupportTeachingProgressView extends ReturnType<typeof quotaProgress> {
  regionCode: RegionCode;
  year: number;
}

export async function supportTeachingProgress(ctx: BaseContext, args: { regionCode: string; year: number }): Promise<SupportTeachingProgressView> {
  const regionCode = parseInput(regionCodeSchema, args.regionCode, 'regionCode');
  const year = parseInput(yearSchema, args.year, 'year');
  const data = ctx.data.inside(regionCode);
  const [quota, sent] = await Promise.all([findQuota(data, regionCode, year), supportTeachersSent(data, year)]);
  return { regionCode, year, ...quotaProgress(quota, sent.managers, sent.teachers) };
}

export async function setSupportTeachingQuota(ctx: BaseContext, rawInput: unknown): Promise<SupportTeachingProgressView> {
  const { regionCode, year } = await write(ctx, { operation: 'setSupportTeachingQuota' }, async (tx) => {
    const input = parseInput(supportTeachingQuotaSchema.extend({ regionCode: regionCodeSchema }), rawInput, 'input');
    // The quota is the region's asked for: it must lie inside the caller's scope.
    assertRegionInScope(ctx.principal, input.regionCode);
    const before = await tx.data
      .repository(SupportTeachingQuotaEntity)
      .query('q')
      .andWhere('q.region_code = :regionCode AND q.year = :year', { regionCode: input.regionCode, year: input.year })
      .setLock('pessimistic_write')
      .getOne();
    const repo = tx.manager.getRepository(SupportTeachingQuotaEntity);
    const saved = await repo.save(repo.create({ ...(before ?? {}), ...input }));
    tx.audit({
      operation: 'setSupportTeachingQuota',
      regionCode: input.regionCode,
      entityType: 'SupportTeachingQuota',
      entityId: saved.id,
      before: before ? { ...before } : null,
      after: { ...saved },
    });
    return input;
  });
  return supportTeachingProgress(ctx, { regionCode, year });
}

export async function pairSchools(ctx: BaseContext, rawInput: unknown): Promise<SchoolPairingEntity> {
  // Rights first; both schools are read through the graph (inside the caller's scope) before the transaction.
  const pair = openWrite(ctx, { operation: 'pairSchools' });
  const input = parseInput(pairSchoolsSchema, rawInput, 'input');
  const strong = await lookUpSchool(ctx, input.strongSchoolId, 'input.strongSchoolId');
  const supported = await lookUpSchool(ctx, input.supportedSchoolId, 'input.supportedSchoolId');
  return pair.run(async (tx) => {
    // A duplicate check on two schools already found inside the scope: it looks at every open pairing
    // of the two, whatever region it was recorded under (deliberately not limited to the scope).
    const existing = await tx.manager
      .getRepository(SchoolPairingEntity)
      .createQueryBuilder('p')
      .where('p.strong_school_id = :a AND p.supported_school_id = :b AND p.ended_on IS NULL', { a: strong.id, b: supported.id })
      .getExists();
    if (existing) throw conflict('these schools are already paired');
    const repo = tx.manager.getRepository(SchoolPairingEntity);
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
    tx.audit({ operation: 'pairSchools', regionCode: pairing.regionCode, entityType: 'SchoolPairing', entityId: pairing.id, after: { ...pairing } });
    return pairing;
  });
}

export function recordExchangeActivity(ctx: BaseContext, rawInput: unknown): Promise<ExchangeActivityEntity> {
  return write(ctx, { operation: 'recordExchangeActivity' }, async (tx) => {
    const input = parseInput(exchangeActivitySchema, rawInput, 'input');
    const pairing = await tx.data.repository(SchoolPairingEntity).findById(input.pairingId);
    if (!pairing) throw notFound('school pairing');
    if (input.heldOn < pairing.startedOn || (pairing.endedOn !== null && input.heldOn > pairing.endedOn)) {
      const message = 'the activity falls outside the pairing';
      throw badUserInput(`input.heldOn: ${message}`, [{ path: 'input.heldOn', message }]);
    }
    const repo = tx.manager.getRepository(ExchangeActivityEntity);
    const activity = await repo.save(repo.create({ pairingId: pairing.id, heldOn: input.heldOn, title: input.title }));
    tx.audit({ operation: 'recordExchangeActivity', regionCode: pairing.regionCode, entityType: 'ExchangeActivity', entityId: activity.id, after: { ...activity } });
    return activity;
  });
}

export function pairMentor(ctx: BaseContext, rawInput: unknown): Promise<MentorPairEntity> {
  return write(ctx, { operation: 'pairMentor', onUniqueViolation: 'these teachers are already paired' }, async (tx) => {
    const input = parseInput(pairMentorSchema, rawInput, 'input');
    const mentor = await lockTeacher(tx.data, input.mentorId);
    const mentee = await lockTeacher(tx.data, input.menteeId);
    if (mentor.leftOn !== null || mentee.leftOn !== null) {
      throw badUserInput('both teachers must be serving', [{ path: 'input', message: 'a teacher has left the service' }]);
    }
    const repo = tx.manager.getRepository(MentorPairEntity);
    const pair = await repo.save(repo.create({ mentorId: mentor.id, menteeId: mentee.id, regionCode: mentee.regionCode, startedOn: input.startedOn }));
    tx.audit({ operation: 'pairMentor', regionCode: pair.regionCode, entityType: 'MentorPair', entityId: pair.id, after: { ...pair } });
    return pair;
  });
}

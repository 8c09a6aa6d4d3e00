import { z } from 'zod';
import { assertCanWrite, regionScopePrefix } from '@epg/auth';
import { academicYearOf, academicYearSchema, todayIso } from '@epg/domain';
import { isUniqueViolation, recordAudit } from '@epg/persistence';
import { badUserInput, conflict, notFound, parseInput, type BaseContext } from '@epg/subgraph-kit';
import type { VocationalContext } from '../context';
import { lookUpPerson } from '../person/person-lookup';
import { NonContinuingGraduateEntity, VocationalEnrolmentEntity } from './enrolment.entity';
import { findLiveEnrolment, lockEnrolment, type NonContinuingGraduateRow } from './enrolment.repository';
import { currentAcademicYear, employmentIssue, endDateIssue, enrolmentInputSchema } from './enrolment.rules';

function fieldError(path: string, message: string) {
  return badUserInput(`${path}: ${message}`, [{ path, message }]);
}

/** Enrols a person of a registered household (inside the caller's region) in a programme. */
export async function enrolVocational(ctx: VocationalContext, input: unknown): Promise<VocationalEnrolmentEntity> {
  assertCanWrite(ctx.principal);
  const valid = parseInput(enrolmentInputSchema(), input, 'input');
  const program = await ctx.loaders.program.load(valid.programId);
  if (!program) throw fieldError('input.programId', 'programme not found in your region');
  const person = await lookUpPerson(ctx, valid.personId, 'input.personId');
  try {
    return await ctx.dataSource.transaction(async (manager) => {
      const live = await findLiveEnrolment(manager, person.id);
      if (live) throw conflict('input.personId: the person already has a live (ENROLLED) vocational enrolment', { field: 'input.personId', enrolmentId: live.id });
      const inserted = await manager.insert(VocationalEnrolmentEntity, {
        personId: person.id,
        regionCode: person.villageCode,
        programId: program.id,
        startYear: valid.startYear,
        status: 'ENROLLED',
        nonContinuingGraduate: valid.nonContinuingGraduate,
        endedOn: null,
        endAcademicYear: null,
      });
      const enrolment = await manager.findOneByOrFail(VocationalEnrolmentEntity, { id: (inserted.identifiers[0] as { id: string }).id });
      await recordAudit(manager, ctx, { operation: 'enrolVocational', entityType: 'VocationalEnrolment', entityId: enrolment.id, after: enrolment });
      return enrolment;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict('input.personId: the person was enrolled at the same moment', { field: 'input.personId' });
    throw err;
  }
}

const endArgsSchema = z.object({
  enrolmentId: z.string().min(1, 'required'),
  reason: z.string().trim().max(200, 'at most 200 characters').nullish(),
});

/** Ends a live enrolment: GRADUATED or WITHDRAWN on `endedOn`. */
async function endEnrolment(
  ctx: BaseContext,
  args: { enrolmentId: string; endedOn: string; reason?: string | null },
  status: 'GRADUATED' | 'WITHDRAWN',
  dateField: string,
): Promise<VocationalEnrolmentEntity> {
  assertCanWrite(ctx.principal);
  const valid = parseInput(endArgsSchema, { enrolmentId: args.enrolmentId, reason: args.reason }, 'arguments');
  return ctx.dataSource.transaction(async (manager) => {
    const enrolment = await lockEnrolment(manager, valid.enrolmentId, regionScopePrefix(ctx.principal));
    if (!enrolment) throw notFound(`vocational enrolment ${valid.enrolmentId}`);
    if (enrolment.status !== 'ENROLLED') {
      throw conflict(`the enrolment is already ${enrolment.status}`, { field: 'enrolmentId', status: enrolment.status });
    }
    const issue = endDateIssue(enrolment.startYear, args.endedOn, todayIso());
    if (issue) throw fieldError(dateField, issue);
    const before = { ...enrolment };
    enrolment.status = status;
    enrolment.endedOn = args.endedOn;
    enrolment.endAcademicYear = academicYearOf(args.endedOn);
    enrolment.withdrawalReason = status === 'WITHDRAWN' ? (valid.reason ?? null) : null;
    await manager.save(enrolment);
    await recordAudit(manager, ctx, {
      operation: status === 'GRADUATED' ? 'graduateVocational' : 'withdrawVocational',
      entityType: 'VocationalEnrolment',
      entityId: enrolment.id,
      before,
      after: enrolment,
    });
    return enrolment;
  });
}

export function graduateVocational(ctx: BaseContext, args: { enrolmentId: string; graduatedOn: string }) {
  return endEnrolment(ctx, { enrolmentId: args.enrolmentId, endedOn: args.graduatedOn }, 'GRADUATED', 'graduatedOn');
}

export function withdrawVocational(ctx: BaseContext, args: { enrolmentId: string; withdrawnOn: string; reason?: string | null }) {
  return endEnrolment(ctx, { enrolmentId: args.enrolmentId, endedOn: args.withdrawnOn, reason: args.reason }, 'WITHDRAWN', 'withdrawnOn');
}

/** Records (or corrects) the employment outcome of a graduate. */
export async function recordEmploymentOutcome(
  ctx: BaseContext,
  args: { enrolmentId: string; employed: boolean; employer?: string | null; since?: string | null },
): Promise<VocationalEnrolmentEntity> {
  assertCanWrite(ctx.principal);
  const issue = employmentIssue(args, todayIso());
  if (issue) throw fieldError(issue.field, issue.message);
  return ctx.dataSource.transaction(async (manager) => {
    const enrolment = await lockEnrolment(manager, args.enrolmentId, regionScopePrefix(ctx.principal));
    if (!enrolment) throw notFound(`vocational enrolment ${args.enrolmentId}`);
    if (enrolment.status !== 'GRADUATED') throw fieldError('enrolmentId', `only graduates have an employment outcome (the enrolment is ${enrolment.status})`);
    const before = { ...enrolment };
    enrolment.employed = args.employed;
    enrolment.employer = args.employed ? args.employer!.trim() : null;
    enrolment.employedSince = args.employed ? args.since! : null;
    await manager.save(enrolment);
    await recordAudit(manager, ctx, { operation: 'recordEmploymentOutcome', entityType: 'VocationalEnrolment', entityId: enrolment.id, before, after: enrolment });
    return enrolment;
  });
}

const flagArgsSchema = z.object({
  personId: z.string().min(1, 'required'),
  year: academicYearSchema,
});

/** Flags a person as 两后生 (a graduate who did not continue general schooling) in `year`. */
export async function flagNonContinuingGraduate(ctx: BaseContext, args: { personId: string; year: number }): Promise<NonContinuingGraduateRow> {
  assertCanWrite(ctx.principal);
  const valid = parseInput(flagArgsSchema, args, 'arguments');
  if (valid.year > currentAcademicYear()) throw fieldError('year', 'must not be in the future');
  const person = await lookUpPerson(ctx, valid.personId, 'personId');
  return ctx.dataSource.transaction(async (manager) => {
    const before = await manager.findOneBy(NonContinuingGraduateEntity, { personId: person.id });
    await manager.query(
      `INSERT INTO non_continuing_graduate (person_id, region_code, year) VALUES ($1, $2, $3)
       ON CONFLICT (person_id) DO UPDATE SET region_code = EXCLUDED.region_code, year = EXCLUDED.year`,
      [person.id, person.villageCode, valid.year],
    );
    const flag = await manager.findOneByOrFail(NonContinuingGraduateEntity, { personId: person.id });
    await recordAudit(manager, ctx, { operation: 'flagNonContinuingGraduate', entityType: 'NonContinuingGraduate', entityId: person.id, before, after: flag });
    return { ...flag, householdId: person.householdId };
  });
}

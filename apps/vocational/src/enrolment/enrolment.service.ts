import { z } from 'zod';
import { academicYearOf, academicYearSchema, todayIso } from '@epg/domain';
import { isUniqueViolation, type ScopedData } from '@epg/persistence';
import { badField, conflict, notFound, openWrite, parseInput, write, type BaseContext } from '@epg/subgraph-kit';
import { lookUpPerson } from '../person/person-lookup';
import { findVisiblePrograms } from '../program/program.repository';
import { insertInScope } from '../shared/insert';
import { NonContinuingGraduateEntity, VocationalEnrolmentEntity } from './enrolment.entity';
import { findLiveEnrolment, lockEnrolment, type NonContinuingGraduateRow } from './enrolment.repository';
import { birthDatePrecision } from '@epg/auth';
import {
  currentAcademicYear,
  employmentIssue,
  endDateIssue,
  enrolmentAgeIssue,
  enrolmentInputSchema,
  schoolRecordFor,
  twoAfterFlagAgeIssue,
} from './enrolment.rules';
import { currentLinkedRecord, ledgerEndingFor, type VocationalEnding } from './ledger-agreement.rules';
import { lookUpSchoolRecords } from './school-record-lookup';


/**
 * The person already has a live enrolment. Named when it lies inside the caller's scope;
 * otherwise nothing about it (no id, programme or region): the register-wide rule must not
 * tell a caller where another region's people study.
 */
function alreadyEnrolled(data: ScopedData, live: VocationalEnrolmentEntity) {
  if (data.scope.contains(live.regionCode)) {
    return conflict('input.personId: the person already has a live (ENROLLED) vocational enrolment', { field: 'input.personId', existing: { enrolmentId: live.id } });
  }
  return conflict(
    'input.personId: the person has a live vocational enrolment outside your region; the county where they are enrolled must end it (graduate or withdraw) first',
    { field: 'input.personId' },
  );
}

/**
 * Assigns a person of a registered household (inside the caller's region) to a programme, on
 * their schools 学籍 of the start year at the programme's school (see `schoolRecordFor`: the
 * schools service owns 学籍; this records the programme only).
 */
export async function enrolVocational(ctx: BaseContext, input: unknown): Promise<VocationalEnrolmentEntity> {
  // Rights first (the envelope opens); the person is read through the graph before the
  // transaction, so no connection or lock is held across the call to another service.
  const enrol = openWrite(ctx, { operation: 'enrolVocational' });
  const valid = parseInput(enrolmentInputSchema(), input, 'input');
  // The programme first (our own table, read through the caller's scope), then the person.
  const [program] = await findVisiblePrograms(ctx.data, ctx.principal, [valid.programId]);
  if (!program) throw badField('input.programId', 'programme not found in your region');
  const person = await lookUpPerson(ctx, valid.personId, 'input.personId');
  const tooYoungOrOld = enrolmentAgeIssue(person.birthDate, valid.startYear, birthDatePrecision(ctx.principal));
  if (tooYoungOrOld) throw badField('input.personId', tooYoungOrOld);
  // A live enrolment is the first conflict (checked again in the transaction, against a race):
  // the 学籍 question only arises for someone free to be assigned a programme.
  const live = await findLiveEnrolment(ctx.dataSource.manager, person.id);
  if (live) throw alreadyEnrolled(ctx.data, live);
  const assigned = schoolRecordFor(await lookUpSchoolRecords(ctx, person.id), program, valid.startYear);
  if ('issue' in assigned) throw conflict(`input.personId: ${assigned.issue}`, { field: 'input.personId' });
  return enrol.run(async (tx) => {
    const liveNow = await findLiveEnrolment(tx.manager, person.id);
    if (liveNow) throw alreadyEnrolled(tx.data, liveNow);
    const enrolment = await insertInScope(tx.data, VocationalEnrolmentEntity, {
      personId: person.id,
      regionCode: person.villageCode,
      programId: program.id,
      schoolEnrolmentId: assigned.record.id,
      startYear: valid.startYear,
      status: 'ENROLLED',
      nonContinuingGraduate: valid.nonContinuingGraduate,
      endedOn: null,
      endAcademicYear: null,
    }).catch((err: unknown) => {
      // Enrolled by a concurrent request between the check above and the insert (the unique
      // index on live enrolments); answered like the envelope's onUniqueViolation, with the field.
      if (isUniqueViolation(err)) throw conflict('input.personId: the person was enrolled at the same moment', { field: 'input.personId' });
      throw err;
    });
    tx.audit({ operation: 'enrolVocational', regionCode: enrolment.regionCode, entityType: 'VocationalEnrolment', entityId: enrolment.id, after: enrolment });
    return enrolment;
  });
}

const endArgsSchema = z.object({
  enrolmentId: z.string().min(1, 'required'),
  reason: z.string().trim().max(200, 'at most 200 characters').nullish(),
});

/**
 * Ends a live enrolment: GRADUATED or WITHDRAWN. A programme assigned on a 学籍 ends with it
 * (`ledgerEndingFor`: the 学籍, read through the graph before the transaction, must have
 * graduated, or ended by a dropout or transfer, and gives the date). An enrolment recorded before
 * the link (no `schoolEnrolmentId`) ends on the date given, as it always did.
 */
async function endEnrolment(
  ctx: BaseContext,
  args: { enrolmentId: string; endedOn?: string | null; reason?: string | null },
  status: VocationalEnding,
  dateField: string,
): Promise<VocationalEnrolmentEntity> {
  const operation = status === 'GRADUATED' ? 'graduateVocational' : 'withdrawVocational';
  const end = openWrite(ctx, { operation });
  const valid = parseInput(endArgsSchema, { enrolmentId: args.enrolmentId, reason: args.reason }, 'arguments');
  const given = args.endedOn ?? null;
  const seen = await ctx.data.repository(VocationalEnrolmentEntity).findById(valid.enrolmentId);
  if (!seen) throw notFound(`vocational enrolment ${valid.enrolmentId}`);
  if (seen.status !== 'ENROLLED') throw alreadyEnded(seen);
  // A date given is first judged on its own (a real day, not in the future, not before the programme).
  const givenIssue = given === null ? null : endDateIssue(seen.startYear, given, todayIso());
  if (givenIssue) throw badField(dateField, givenIssue);
  let endedOn = given;
  if (seen.schoolEnrolmentId) {
    const record = currentLinkedRecord(await lookUpSchoolRecords(ctx, seen.personId), seen.schoolEnrolmentId);
    const agreed = ledgerEndingFor(record, status, given);
    if ('kind' in agreed) {
      if (agreed.kind === 'DATE') throw badField(dateField, agreed.message.slice(dateField.length + 2));
      throw conflict(`enrolmentId: ${agreed.message}`, { field: 'enrolmentId', schoolEnrolmentId: seen.schoolEnrolmentId });
    }
    endedOn = agreed.endedOn;
  }
  if (endedOn === null) throw badField(dateField, 'required');
  const issue = endDateIssue(seen.startYear, endedOn, todayIso());
  if (issue) throw badField(dateField, issue);
  return end.run(async (tx) => {
    const enrolment = await lockEnrolment(tx.data, valid.enrolmentId);
    if (!enrolment) throw notFound(`vocational enrolment ${valid.enrolmentId}`);
    if (enrolment.status !== 'ENROLLED') throw alreadyEnded(enrolment);
    const before = { ...enrolment };
    enrolment.status = status;
    enrolment.endedOn = endedOn;
    enrolment.endAcademicYear = academicYearOf(endedOn);
    enrolment.withdrawalReason = status === 'WITHDRAWN' ? (valid.reason ?? null) : null;
    await tx.manager.save(enrolment);
    tx.audit({ operation, regionCode: enrolment.regionCode, entityType: 'VocationalEnrolment', entityId: enrolment.id, before, after: enrolment });
    return enrolment;
  });
}

function alreadyEnded(enrolment: VocationalEnrolmentEntity) {
  return conflict(`the enrolment is already ${enrolment.status}`, { field: 'enrolmentId', status: enrolment.status });
}

export function graduateVocational(ctx: BaseContext, args: { enrolmentId: string; graduatedOn?: string | null }) {
  return endEnrolment(ctx, { enrolmentId: args.enrolmentId, endedOn: args.graduatedOn }, 'GRADUATED', 'graduatedOn');
}

export function withdrawVocational(ctx: BaseContext, args: { enrolmentId: string; withdrawnOn?: string | null; reason?: string | null }) {
  return endEnrolment(ctx, { enrolmentId: args.enrolmentId, endedOn: args.withdrawnOn, reason: args.reason }, 'WITHDRAWN', 'withdrawnOn');
}

/** Records (or corrects) the employment outcome of a graduate. */
export function recordEmploymentOutcome(
  ctx: BaseContext,
  args: { enrolmentId: string; employed: boolean; employer?: string | null; since?: string | null },
): Promise<VocationalEnrolmentEntity> {
  return write(ctx, { operation: 'recordEmploymentOutcome' }, async (tx) => {
    const issue = employmentIssue(args, todayIso());
    if (issue) throw badField(issue.field, issue.message);
    const enrolment = await lockEnrolment(tx.data, args.enrolmentId);
    if (!enrolment) throw notFound(`vocational enrolment ${args.enrolmentId}`);
    if (enrolment.status !== 'GRADUATED') throw badField('enrolmentId', `only graduates have an employment outcome (the enrolment is ${enrolment.status})`);
    const beforeGraduation = employmentIssue(args, todayIso(), enrolment.endedOn);
    if (beforeGraduation) throw badField(beforeGraduation.field, beforeGraduation.message);
    const before = { ...enrolment };
    enrolment.employed = args.employed;
    enrolment.employer = args.employed ? args.employer!.trim() : null;
    enrolment.employedSince = args.employed ? args.since! : null;
    await tx.manager.save(enrolment);
    tx.audit({ operation: 'recordEmploymentOutcome', regionCode: enrolment.regionCode, entityType: 'VocationalEnrolment', entityId: enrolment.id, before, after: enrolment });
    return enrolment;
  });
}

const flagArgsSchema = z.object({
  personId: z.string().min(1, 'required'),
  year: academicYearSchema,
});

/** Flags a person as 两后生 (a graduate who did not continue general schooling) in `year`. */
export async function flagNonContinuingGraduate(ctx: BaseContext, args: { personId: string; year: number }): Promise<NonContinuingGraduateRow> {
  // Rights first; the person is read through the graph before the transaction.
  const flagWrite = openWrite(ctx, { operation: 'flagNonContinuingGraduate' });
  const valid = parseInput(flagArgsSchema, args, 'arguments');
  if (valid.year > currentAcademicYear()) throw badField('year', 'must not be in the future');
  const person = await lookUpPerson(ctx, valid.personId, 'personId');
  const ageIssue = twoAfterFlagAgeIssue(person.birthDate, valid.year, birthDatePrecision(ctx.principal));
  if (ageIssue) throw badField('personId', ageIssue);
  return flagWrite.run(async (tx) => {
    // One flag per person, wherever it was recorded. A flag another region recorded (the person
    // lived there) stays that region's: it is not moved, and the answer does not say where it is.
    const before = await tx.manager.findOne(NonContinuingGraduateEntity, { where: { personId: person.id }, lock: { mode: 'pessimistic_write' } });
    if (before && !tx.data.scope.contains(before.regionCode)) {
      throw conflict('personId: the person is already flagged as 两后生 by a region outside yours; that county must clear or transfer the flag', {
        field: 'personId',
      });
    }
    // The update half only replaces a flag inside the scope (a flag another request recorded
    // elsewhere meanwhile is left alone, and the read-back below finds none).
    await tx.data.query(
      (region) => `INSERT INTO non_continuing_graduate AS f (person_id, region_code, year) VALUES ($2, $3, $4)
       ON CONFLICT (person_id) DO UPDATE SET region_code = EXCLUDED.region_code, year = EXCLUDED.year, source = 'FLAGGED' WHERE ${region('f.region_code')}`,
      [person.id, person.villageCode, valid.year],
    );
    const flag = await tx.data.repository(NonContinuingGraduateEntity).query('f').andWhere('f.person_id = :personId::uuid', { personId: person.id }).getOne();
    if (!flag) throw conflict('personId: the person was flagged by another region at the same moment', { field: 'personId' });
    tx.audit({ operation: 'flagNonContinuingGraduate', regionCode: flag.regionCode, entityType: 'NonContinuingGraduate', entityId: person.id, before, after: flag });
    return { ...flag, householdId: person.householdId };
  });
}

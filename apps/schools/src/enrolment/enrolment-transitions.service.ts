import { parseRegionCode, plausibleAgeForGrade, regionCodeSchema, todayIso } from '@epg/domain';
import { isUniqueViolation, type AuditRecord, type ScopedData } from '@epg/persistence';
import { badFields, conflict, notFound, openWrite, parseInput, parsePageArgs, toConnection, write, type BaseContext, type WriteTx } from '@epg/subgraph-kit';
import { lockSchool } from '../school/school.repository';
import { EnrolmentEntity } from './enrolment.entity';
import { lockEnrolment } from './enrolment.repository';
import { enrolmentFitIssues } from './enrolment.rules';
import { EnrolmentTransitionEntity } from './enrolment-transition.entity';
import {
  COMPULSORY_STAGES,
  correctEnrolmentInputSchema,
  correctedDateIssue,
  correctionChanges,
  dropOutInputSchema,
  enrolmentListArgsSchema,
  graduateInputSchema,
  resumeInputSchema,
  STATUS_TRANSITIONS,
  suspendInputSchema,
  transitionIssues,
  type StatusTransitionKind,
} from './enrolment-transitions.rules';
import { countEnrolments, enrolmentCursorOf, findEnrolmentPage, openDropoutCaseFor, type EnrolmentListFilter } from './enrolment-transitions.repository';
import type { EnrolmentConnectionValue } from './enrolment-connection';
import type { SchoolsContext } from '../context';
import { z } from 'zod';


/** One record inside the scope, locked; NOT_FOUND otherwise (an id outside reads as absent). */
async function recordForWrite(data: ScopedData, id: string): Promise<EnrolmentEntity> {
  const record = await lockEnrolment(data, id);
  if (!record) throw notFound('enrolment');
  return record;
}

/** Appends the act to the record's history. */
function recordTransition(tx: WriteTx, row: Omit<EnrolmentTransitionEntity, 'id' | 'recordedAt'>) {
  const repo = tx.manager.getRepository(EnrolmentTransitionEntity);
  return repo.save(repo.create(row));
}

const OPERATIONS: Record<StatusTransitionKind, string> = {
  GRADUATED: 'graduateStudent',
  SUSPENDED: 'suspendStudent',
  RESUMED: 'resumeStudent',
  DROPPED_OUT: 'dropOutStudent',
};

/**
 * A status act on one record (graduation, 休学, 复学, 辍学): the status rule, the date rules and,
 * for a graduation, the last grade (`transitionIssues`); the history row and the audit entry,
 * with the reason. A dropout from a compulsory stage puts the child under dropout control.
 */
async function changeStatus(ctx: BaseContext, kind: StatusTransitionKind, input: { enrolmentId: string; on: string; reason?: string }): Promise<EnrolmentEntity> {
  const operation = OPERATIONS[kind];
  return write(ctx, { operation }, async (tx) => {
    const record = await recordForWrite(tx.data, input.enrolmentId);
    const issues = transitionIssues(kind, record, input.on, todayIso());
    if (issues.length) throw badFields(issues);
    const before = { ...record };
    const to = STATUS_TRANSITIONS[kind].to;
    const endedOn = to === 'ENROLLED' ? null : input.on;
    const repo = tx.manager.getRepository(EnrolmentEntity);
    // A resumption makes the record ENROLLED again: the person may have been enrolled elsewhere
    // for the year meanwhile (one ENROLLED record per person and year) — CONFLICT, naming nothing.
    await repo.update({ id: record.id }, { status: to, endedOn }).catch((err: unknown) => {
      throw isUniqueViolation(err, 'enrolment_one_enrolled_per_year')
        ? conflict(`the person holds another ENROLLED record of ${record.academicYear}; transfer or end it first`, { field: 'input.enrolmentId' })
        : err;
    });
    const after = { ...record, status: to, endedOn };
    await recordTransition(tx, { enrolmentId: record.id, regionCode: record.regionCode, kind, on: input.on, reason: input.reason ?? null, statusAfter: to, changes: null });
    const audits: AuditRecord[] = [
      { operation, regionCode: record.regionCode, entityType: 'Enrolment', entityId: record.id, before, after: { ...after, reason: input.reason ?? null } },
    ];
    if (kind === 'DROPPED_OUT' && COMPULSORY_STAGES.includes(record.stage)) {
      const link = await openDropoutCaseFor(tx.manager, record, input.on);
      if (link.changed) {
        audits.push({ operation, regionCode: link.caseRow.regionCode, entityType: 'DropoutCase', entityId: link.caseRow.id, before: link.before ?? undefined, after: { ...link.caseRow } });
      }
    }
    tx.audit(audits);
    return Object.assign(record, after);
  });
}

export const graduateStudent = (ctx: BaseContext, raw: unknown) => changeStatus(ctx, 'GRADUATED', parseInput(graduateInputSchema, raw, 'input'));
export const suspendStudent = (ctx: BaseContext, raw: unknown) => changeStatus(ctx, 'SUSPENDED', parseInput(suspendInputSchema, raw, 'input'));
export const resumeStudent = (ctx: BaseContext, raw: unknown) => changeStatus(ctx, 'RESUMED', parseInput(resumeInputSchema, raw, 'input'));
export const dropOutStudent = (ctx: BaseContext, raw: unknown) => changeStatus(ctx, 'DROPPED_OUT', parseInput(dropOutInputSchema, raw, 'input'));

const PERSON_BIRTH = /* GraphQL */ `
  query SchoolsPersonBirth($id: ID!) {
    person(id: $id) { id birthDate }
  }
`;

/**
 * The pupil's birth date for the age check of a correction: asked of households through the graph
 * (a SERVICE credential of the caller's region reads it), else the registry projection's; null
 * when neither knows the person (the age is then not checked).
 */
async function birthDateOf(ctx: BaseContext, personId: string): Promise<string | null> {
  const data = await ctx.serviceGraph.request<{ person: { birthDate: string | null } | null }, { id: string }>(PERSON_BIRTH, { id: personId }, ctx.principal.regionCode);
  if (data.person?.birthDate) return data.person.birthDate;
  const [row] = await ctx.dataSource.query(`SELECT to_char(birth_date, 'YYYY-MM-DD') AS birth_date FROM registered_child WHERE person_id = $1`, [personId]);
  return row?.birth_date ?? null;
}

/**
 * Corrects a wrong school, stage, grade, enrolment date or boarding fact of a record (更正), with
 * a reason: the corrected facts must fit the school, the pupil's age and the academic year, as at
 * enrolment. The history keeps each changed field's old and new value; the audit entry both images.
 */
export async function correctEnrolment(ctx: BaseContext, raw: unknown): Promise<EnrolmentEntity> {
  const input = parseInput(correctEnrolmentInputSchema, raw, 'input');
  const correct = openWrite(ctx, { operation: 'correctEnrolment' });
  const [current] = await ctx.data.repository(EnrolmentEntity).findByIds([input.enrolmentId]);
  if (!current) throw notFound('enrolment');
  const birthDate = input.stage != null || input.grade != null ? await birthDateOf(ctx, current.personId) : null;
  return correct.run(async (tx) => {
    const record = await recordForWrite(tx.data, input.enrolmentId);
    const changes = correctionChanges(record, input);
    if (Object.keys(changes).length === 0) throw badFields([{ path: 'input', message: 'nothing to correct: every given fact equals the record' }]);
    const school = await lockSchool(tx.data, input.schoolId ?? record.schoolId);
    if (!school) throw badFields([{ path: 'input.schoolId', message: 'school not found in your region' }]);
    const facts = { stage: input.stage ?? record.stage, grade: input.grade ?? record.grade, agricultureMajor: record.agricultureMajor };
    const fit = enrolmentFitIssues(school.type, facts);
    if (fit.length) throw badFields(fit);
    const enrolledOn = input.enrolledOn ?? record.enrolledOn;
    const dateIssue = correctedDateIssue(enrolledOn, record);
    if (dateIssue) throw badFields([{ path: 'input.enrolledOn', message: dateIssue }]);
    const age = birthDate ? plausibleAgeForGrade(birthDate, facts.stage, facts.grade, record.academicYear, { specialEducation: record.specialEducation }) : null;
    if (age) throw badFields([{ path: 'input.grade', message: age }]);
    const before = { ...record };
    const regionCode = parseRegionCode(school.regionCode);
    Object.assign(record, { schoolId: school.id, regionCode, stage: facts.stage, grade: facts.grade, enrolledOn, boarding: input.boarding ?? record.boarding });
    const saved = await tx.manager.getRepository(EnrolmentEntity).save(record);
    await recordTransition(tx, { enrolmentId: saved.id, regionCode, kind: 'CORRECTED', on: todayIso(), reason: input.reason, statusAfter: saved.status, changes });
    // A record moved to a school of another region: the entry is placed in both regions.
    tx.audit(
      [...new Set([before.regionCode, saved.regionCode])].map((code) => ({
        operation: 'correctEnrolment',
        regionCode: code,
        entityType: 'Enrolment',
        entityId: saved.id,
        before,
        after: { ...saved, reason: input.reason, changes },
      })),
    );
    return saved;
  });
}

const rosterArgsSchema = z.object({ schoolId: z.string().uuid('not an id this graph issued') }).and(enrolmentListArgsSchema);

/** A school's records of a year (学籍花名册), by class; NOT_FOUND for a school outside the scope. */
export async function schoolRoster(
  ctx: SchoolsContext,
  args: { schoolId: string; academicYear: number; status?: string | null; first: number; after?: string | null },
): Promise<EnrolmentConnectionValue> {
  const { schoolId, academicYear, status } = parseInput(rosterArgsSchema, { schoolId: args.schoolId, academicYear: args.academicYear, status: args.status }, '');
  const page = parsePageArgs(args);
  const school = await ctx.loaders.school.load(schoolId);
  if (!school) throw notFound('school');
  const filter: EnrolmentListFilter = { academicYear, status, schoolId };
  const rows = await findEnrolmentPage(ctx.data, filter, page);
  return toConnection(rows, page, enrolmentCursorOf, () => countEnrolments(ctx.data, filter));
}

/**
 * The records of a region and year (any level), narrowed to the caller's scope. A region-wide
 * list: school staff read their own school's records with `schoolRoster` (the guard refuses them here).
 */
export async function listEnrolments(
  ctx: BaseContext,
  args: { regionCode: string; academicYear: number; status?: string | null; first: number; after?: string | null },
): Promise<EnrolmentConnectionValue> {
  const regionCode = parseInput(regionCodeSchema, args.regionCode, 'regionCode');
  const { academicYear, status } = parseInput(enrolmentListArgsSchema, { academicYear: args.academicYear, status: args.status }, '');
  const page = parsePageArgs(args);
  const data = ctx.data.narrowTo(regionCode);
  const filter: EnrolmentListFilter = { academicYear, status };
  const rows = await findEnrolmentPage(data, filter, page);
  return toConnection(rows, page, enrolmentCursorOf, () => countEnrolments(data, filter));
}


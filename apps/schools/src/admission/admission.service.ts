import type { EntityManager } from 'typeorm';
import { academicYearSchema, plausibleAdmissionDate, regionCodeSchema } from '@epg/domain';
import { isUniqueViolation } from '@epg/persistence';
import { badFields, badUserInput, conflict, notFound, parseInput, parsePageArgs, toConnection, write, type BaseContext, type Connection } from '@epg/subgraph-kit';
import type { EnrolmentEntity } from '../enrolment/enrolment.entity';
import { UniversityAdmissionEntity } from './admission.entity';
import { countAdmissions, findAdmission, findAdmissionPage, findStandingAdmission, lockFinalSeniorRecord, lockSeniorRecord } from './admission.repository';
import { admissionDateIssues, correctAdmissionSchema, recordAdmissionSchema, seniorRecordIssue, seniorYearOf, withdrawAdmissionSchema } from './admission.rules';

const ONE_PER_YEAR_INDEX = 'university_admission_one_per_year';

/** The person already has a standing admission for the year: named only when it lies inside the caller's scope. */
function alreadyAdmitted(ctx: BaseContext, existing: UniversityAdmissionEntity | null, academicYear: number) {
  if (existing && ctx.scope.contains(existing.regionCode)) {
    return conflict(`input.personId: the person already has a standing admission for ${academicYear}; correct or withdraw it instead`, {
      field: 'input.personId',
      existing: { admissionId: existing.id },
    });
  }
  return conflict(`input.personId: the person already has a standing admission for ${academicYear} recorded by another region`, { field: 'input.personId' });
}

/** The senior 学籍 the admission follows, inside the caller's scope (BAD_USER_INPUT naming the field otherwise). */
async function seniorRecordFor(
  data: Parameters<typeof lockSeniorRecord>[0],
  input: { personId: string; academicYear: number; enrolmentId?: string | null },
): Promise<EnrolmentEntity> {
  const year = seniorYearOf(input.academicYear);
  if (input.enrolmentId) {
    const record = await lockSeniorRecord(data, input.enrolmentId);
    if (!record) throw badUserInput('input.enrolmentId: 学籍 not found in your region', [{ path: 'input.enrolmentId', message: '学籍 not found in your region' }]);
    const issue = seniorRecordIssue(record, input.personId, input.academicYear);
    if (issue) throw badUserInput(`input.enrolmentId: ${issue}`, [{ path: 'input.enrolmentId', message: issue }]);
    return record;
  }
  const record = await lockFinalSeniorRecord(data, input.personId, year);
  const message = `the person has no graduating or graduated senior-secondary 学籍 of ${year} in your region`;
  if (!record) throw badUserInput(`input.personId: ${message}`, [{ path: 'input.personId', message }]);
  const issue = seniorRecordIssue(record, input.personId, input.academicYear);
  if (issue) throw badUserInput(`input.personId: ${issue}`, [{ path: 'input.personId', message: issue }]);
  return record;
}

/** Reads an admission back after a write (the feed trigger sets `changed_at`). */
function readBack(manager: EntityManager, id: string): Promise<UniversityAdmissionEntity> {
  return manager.findOneByOrFail(UniversityAdmissionEntity, { id });
}

/**
 * Records a university admission (高考录取) beside the senior 学籍 it follows: the record must be
 * the person's final-year senior 学籍 of the year before, graduating or graduated, inside the
 * caller's scope; the date inside the admission window and after that record began. One standing
 * admission per person and year.
 */
export async function recordUniversityAdmission(ctx: BaseContext, rawInput: unknown): Promise<UniversityAdmissionEntity> {
  const input = parseInput(recordAdmissionSchema, rawInput, 'input');
  return write(ctx, { operation: 'recordUniversityAdmission' }, async (tx) => {
    const record = await seniorRecordFor(tx.data, input);
    const dateIssues = admissionDateIssues(input.admittedOn, record);
    if (dateIssues.length) throw badFields(dateIssues);
    const existing = await findStandingAdmission(tx.manager, input.personId, input.academicYear);
    if (existing) throw alreadyAdmitted(ctx, existing, input.academicYear);
    const repo = tx.manager.getRepository(UniversityAdmissionEntity);
    const saved = await repo
      .save(
        repo.create({
          personId: input.personId,
          enrolmentId: record.id,
          schoolId: record.schoolId,
          regionCode: record.regionCode,
          academicYear: input.academicYear,
          university: input.university,
          inProvince: input.inProvince,
          admittedOn: input.admittedOn,
          status: 'ADMITTED',
          withdrawalReason: null,
        }),
      )
      .catch((err: unknown) => {
        throw isUniqueViolation(err, ONE_PER_YEAR_INDEX) ? alreadyAdmitted(ctx, null, input.academicYear) : err;
      });
    const admission = await readBack(tx.manager, saved.id);
    tx.audit({ operation: 'recordUniversityAdmission', regionCode: admission.regionCode, entityType: 'UniversityAdmission', entityId: admission.id, after: { ...admission } });
    return admission;
  });
}

/** A standing admission inside the scope, locked (NOT_FOUND when unseen; BAD_USER_INPUT when withdrawn). */
async function standingForWrite(data: Parameters<typeof findAdmission>[0], id: string): Promise<UniversityAdmissionEntity> {
  const admission = await findAdmission(data, id, true);
  if (!admission) throw notFound('university admission');
  if (admission.status !== 'ADMITTED') {
    throw badUserInput('admissionId: the admission was withdrawn; record a new one instead', [{ path: 'admissionId', message: 'withdrawn' }]);
  }
  return admission;
}

/** Corrects the university, province or date of a standing admission (the date re-checked against the window and the 学籍). */
export async function correctUniversityAdmission(ctx: BaseContext, rawInput: unknown): Promise<UniversityAdmissionEntity> {
  const input = parseInput(correctAdmissionSchema, rawInput, 'input');
  return write(ctx, { operation: 'correctUniversityAdmission' }, async (tx) => {
    const before = await standingForWrite(tx.data, input.admissionId);
    const after = {
      university: input.university ?? before.university,
      inProvince: input.inProvince ?? before.inProvince,
      admittedOn: input.admittedOn ?? before.admittedOn,
    };
    if (input.admittedOn) {
      const outside = plausibleAdmissionDate(input.admittedOn, before.academicYear);
      if (outside) throw badUserInput(`input.admittedOn: ${outside}`, [{ path: 'input.admittedOn', message: outside }]);
      const record = await lockSeniorRecord(tx.data, before.enrolmentId);
      const dateIssues = record ? admissionDateIssues(input.admittedOn, record) : [];
      if (dateIssues.length) throw badFields(dateIssues);
    }
    if (after.university === before.university && after.inProvince === before.inProvince && after.admittedOn === before.admittedOn) {
      tx.unchanged();
      return before;
    }
    await tx.manager.getRepository(UniversityAdmissionEntity).update({ id: before.id }, after);
    const admission = await readBack(tx.manager, before.id);
    tx.audit({ operation: 'correctUniversityAdmission', regionCode: admission.regionCode, entityType: 'UniversityAdmission', entityId: admission.id, before: { ...before }, after: { ...admission } });
    return admission;
  });
}

/** Withdraws a standing admission with the reason: it stays on record, and no longer counts. */
export async function withdrawUniversityAdmission(ctx: BaseContext, args: unknown): Promise<UniversityAdmissionEntity> {
  const input = parseInput(withdrawAdmissionSchema, args, 'arguments');
  return write(ctx, { operation: 'withdrawUniversityAdmission' }, async (tx) => {
    const before = await standingForWrite(tx.data, input.admissionId);
    await tx.manager.getRepository(UniversityAdmissionEntity).update({ id: before.id }, { status: 'WITHDRAWN', withdrawalReason: input.reason });
    const admission = await readBack(tx.manager, before.id);
    tx.audit({ operation: 'withdrawUniversityAdmission', regionCode: admission.regionCode, entityType: 'UniversityAdmission', entityId: admission.id, before: { ...before }, after: { ...admission } });
    return admission;
  });
}

/** A year's admissions whose 学籍 lies in the region (narrowed to the caller's scope), paged. */
export async function listUniversityAdmissions(
  ctx: BaseContext,
  args: { regionCode: string; academicYear: number; first: number; after?: string | null },
): Promise<Connection<UniversityAdmissionEntity>> {
  const regionCode = parseInput(regionCodeSchema, args.regionCode, 'regionCode');
  const academicYear = parseInput(academicYearSchema, args.academicYear, 'academicYear');
  const page = parsePageArgs(args);
  const data = ctx.data.narrowTo(regionCode);
  const rows = await findAdmissionPage(data, academicYear, page);
  return toConnection(rows, page, (a) => [a.admittedOn, a.id], () => countAdmissions(data, academicYear));
}

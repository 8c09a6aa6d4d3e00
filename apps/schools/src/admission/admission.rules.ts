import { z } from 'zod';
import { academicYearSchema, isoDateSchema, plausibleAcademicYear, plausibleAdmissionDate, refinePlausible, type EnrolmentStatus, type Stage } from '@epg/domain';
import type { FieldIssue } from '@epg/subgraph-kit';

/**
 * Rules of a university admission (高考录取): who may be recorded as admitted for which year,
 * and when. Pure: the service reads the 学籍 and applies them.
 *
 * `academicYear` is the year the student enters university (2026 = 2026–27): the entrance exam
 * is sat in June 2026, at the end of the senior-secondary 学籍 of academic year 2025 — that
 * final-year record (graduating or graduated) is the one the admission follows.
 */

const idSchema = z.string().uuid('not an id this graph issued');

/** The academic year of an admission: from 2000 to the current one (or the next, from June). */
const admissionYearSchema = academicYearSchema.superRefine(refinePlausible((year: number) => plausibleAcademicYear(year)));

const universitySchema = z.string().trim().min(1, 'name the university').max(200, 'at most 200 characters');

export const recordAdmissionSchema = z
  .object({
    personId: idSchema,
    academicYear: admissionYearSchema,
    university: universitySchema,
    inProvince: z.boolean(),
    admittedOn: isoDateSchema,
    enrolmentId: idSchema.nullish(),
  })
  .superRefine((input, ctx) => {
    const issue = plausibleAdmissionDate(input.admittedOn, input.academicYear);
    if (issue) ctx.addIssue({ code: 'custom', path: ['admittedOn'], message: issue });
  });

export type RecordAdmissionInput = z.infer<typeof recordAdmissionSchema>;

/** A correction names the admission and the facts that change (each optional). */
export const correctAdmissionSchema = z.object({
  admissionId: idSchema,
  university: universitySchema.nullish(),
  inProvince: z.boolean().nullish(),
  admittedOn: isoDateSchema.nullish(),
});

export const withdrawAdmissionSchema = z.object({
  admissionId: idSchema,
  reason: z.string().trim().min(1, 'give the reason').max(500, 'at most 500 characters'),
});

/** The final year of senior secondary school (高三). */
export const SENIOR_FINAL_GRADE = 3;

/** The academic year of the senior-secondary 学籍 an admission of `academicYear` follows. */
export function seniorYearOf(admissionYear: number): number {
  return admissionYear - 1;
}

/** The 学籍 facts an admission is checked against. */
export interface SeniorRecordFacts {
  personId: string;
  academicYear: number;
  stage: Stage;
  grade: number;
  status: EnrolmentStatus;
  enrolledOn: string;
}

/**
 * Why a 学籍 cannot carry an admission of `admissionYear` for `personId` (null: it can): it must
 * be the person's senior-secondary record of the year before, in the final grade, ENROLLED
 * (graduating) or GRADUATED — a pupil who dropped out, transferred out or is suspended sat no
 * entrance exam from that record.
 */
export function seniorRecordIssue(record: SeniorRecordFacts, personId: string, admissionYear: number): string | null {
  if (record.personId !== personId) return 'the 学籍 is not this person’s';
  if (record.stage !== 'SENIOR') return `the 学籍 is ${record.stage}, not senior secondary (普通高中)`;
  const year = seniorYearOf(admissionYear);
  if (record.academicYear !== year) return `an admission for ${admissionYear} follows the senior 学籍 of ${year}, not ${record.academicYear}`;
  if (record.grade < SENIOR_FINAL_GRADE) return `the 学籍 is grade ${record.grade}: only a final-year (grade ${SENIOR_FINAL_GRADE}) student sits the entrance exam`;
  if (record.status !== 'ENROLLED' && record.status !== 'GRADUATED') return `the 学籍 is ${record.status}: only a graduating or graduated student is admitted`;
  return null;
}

/** The admission date against the 学籍 it follows (the exam comes after enrolling in the final year). */
export function admissionDateIssues(admittedOn: string, record: Pick<SeniorRecordFacts, 'enrolledOn'>): FieldIssue[] {
  return admittedOn < record.enrolledOn
    ? [{ path: 'input.admittedOn', message: `${admittedOn} is before the senior 学籍 began (${record.enrolledOn})` }]
    : [];
}

import { z } from 'zod';
import {
  academicYearSchema,
  enrolmentStatusSchema,
  graduationGradeIssue,
  plausibleDateSchema,
  plausibleTransitionDate,
  stageSchema,
  todayIso,
  withinAcademicYear,
  type EnrolmentStatus,
  type Implausible,
  type Stage,
} from '@epg/domain';

/** The acts on a 学籍 record besides enrolment and transfer. */
export const ENROLMENT_TRANSITION_KINDS = ['GRADUATED', 'SUSPENDED', 'RESUMED', 'DROPPED_OUT', 'CORRECTED'] as const;
export type EnrolmentTransitionKind = (typeof ENROLMENT_TRANSITION_KINDS)[number];
export type StatusTransitionKind = Exclude<EnrolmentTransitionKind, 'CORRECTED'>;

/**
 * Which status each act starts from and leaves: graduation and suspension (休学) end an ENROLLED
 * year; a suspended pupil resumes (复学) within the year, or drops out (辍学) like an enrolled one.
 * TRANSFERRED_OUT, GRADUATED and DROPPED_OUT records are final (a return is a new enrolment).
 */
export const STATUS_TRANSITIONS: Record<StatusTransitionKind, { from: readonly EnrolmentStatus[]; to: EnrolmentStatus }> = {
  GRADUATED: { from: ['ENROLLED'], to: 'GRADUATED' },
  SUSPENDED: { from: ['ENROLLED'], to: 'SUSPENDED' },
  RESUMED: { from: ['SUSPENDED'], to: 'ENROLLED' },
  DROPPED_OUT: { from: ['ENROLLED', 'SUSPENDED'], to: 'DROPPED_OUT' },
};

/** Null when `kind` may act on a record of `status`, else the rule. */
export function transitionStatusIssue(kind: StatusTransitionKind, status: EnrolmentStatus): Implausible {
  const rule = STATUS_TRANSITIONS[kind];
  return rule.from.includes(status) ? null : `a ${status} record cannot become ${rule.to} (only a ${rule.from.join(' or ')} record can)`;
}

/** The record facts a transition is judged against. */
export interface TransitionRecord {
  status: EnrolmentStatus;
  academicYear: number;
  stage: Stage;
  grade: number;
  enrolledOn: string;
  endedOn: string | null;
}

/**
 * Every reason the act is refused (empty: allowed), each with the input field it is about: the
 * status rule, the date (libs/domain `plausibleTransitionDate`: in the record's year, after the
 * enrolment and, for a resumption, after the suspension), and graduation from the last grade only.
 */
export function transitionIssues(kind: StatusTransitionKind, record: TransitionRecord, on: string, today = todayIso()): { path: string; message: string }[] {
  const status = transitionStatusIssue(kind, record.status);
  if (status) return [{ path: 'input.enrolmentId', message: status }];
  const after = kind === 'RESUMED' && record.endedOn ? { date: record.endedOn, what: 'the suspension' } : null;
  const date = plausibleTransitionDate(on, { academicYear: record.academicYear, enrolledOn: record.enrolledOn, after }, today);
  if (date) return [{ path: 'input.on', message: date }];
  const grade = kind === 'GRADUATED' ? graduationGradeIssue(record.stage, record.grade) : null;
  return grade ? [{ path: 'input.enrolmentId', message: grade }] : [];
}

/** Stages of compulsory education (义务教育): a dropout there is a case for dropout control (控辍保学). */
export const COMPULSORY_STAGES: readonly Stage[] = ['PRIMARY', 'JUNIOR'];

const idSchema = z.string().uuid('not an id this graph issued');
const reasonSchema = z.string().trim().min(1, 'a reason is required').max(500, 'at most 500 characters');

export const graduateInputSchema = z.object({ enrolmentId: idSchema, on: plausibleDateSchema() });
export const suspendInputSchema = z.object({ enrolmentId: idSchema, on: plausibleDateSchema(), reason: reasonSchema });
export const resumeInputSchema = z.object({ enrolmentId: idSchema, on: plausibleDateSchema() });
export const dropOutInputSchema = z.object({ enrolmentId: idSchema, on: plausibleDateSchema(), reason: reasonSchema });

export const correctEnrolmentInputSchema = z.object({
  enrolmentId: idSchema,
  schoolId: idSchema.nullish(),
  stage: stageSchema.nullish(),
  grade: z.number().int('a grade is a whole number').min(1, 'grades start at 1').nullish(),
  enrolledOn: plausibleDateSchema().nullish(),
  boarding: z.boolean().nullish(),
  reason: reasonSchema,
});
export type CorrectEnrolmentValues = z.output<typeof correctEnrolmentInputSchema>;

/** The correctable facts of a record. */
export interface CorrectableFacts {
  schoolId: string;
  stage: Stage;
  grade: number;
  enrolledOn: string;
  boarding: boolean;
}

/** The fields a correction changes, old and new (empty: nothing to correct). */
export function correctionChanges(current: CorrectableFacts, input: CorrectEnrolmentValues): Record<string, { from: unknown; to: unknown }> {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of ['schoolId', 'stage', 'grade', 'enrolledOn', 'boarding'] as const) {
    const next = input[key];
    if (next != null && next !== current[key]) changes[key] = { from: current[key], to: next };
  }
  return changes;
}

/**
 * A corrected enrolment date must still lie in the record's academic year and not after the
 * record ended (a transfer, graduation or dropout dated before the enrolment it ends).
 */
export function correctedDateIssue(enrolledOn: string, record: { academicYear: number; endedOn: string | null }): Implausible {
  const outside = withinAcademicYear(enrolledOn, record.academicYear);
  if (outside) return outside;
  return record.endedOn && enrolledOn > record.endedOn ? `${enrolledOn} is after the record ended (${record.endedOn})` : null;
}

/** Filters of the region-wide enrolment list. */
export const enrolmentListArgsSchema = z.object({
  academicYear: academicYearSchema,
  status: enrolmentStatusSchema.nullish(),
});

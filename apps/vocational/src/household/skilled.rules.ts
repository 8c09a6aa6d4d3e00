import type { EnrolmentStatus, SkillsTrainingKind, Stage, VocationalEnrolmentStatus } from '@epg/domain';

/** 学籍 stages that are secondary-or-higher vocational education (中职, 高职). */
export const VOCATIONAL_STAGES: readonly Stage[] = ['SECONDARY_VOCATIONAL', 'HIGHER_VOCATIONAL'];

/** What the vocational service knows about one member of a household. */
export interface MemberSkillFacts {
  enrolments: { status: VocationalEnrolmentStatus }[];
  /** The member's 学籍 in the schools ledger (the `school_record` projection). */
  schoolRecords: { stage: Stage; status: EnrolmentStatus; academicYear: number }[];
  trainings: { kind: SkillsTrainingKind; certificate: string | null; employedAfter: boolean | null }[];
}

/**
 * 1户1人 (shared/domain/README.md): a member counts as skilled with secondary-or-higher vocational
 * education — enrolled or graduated, whether the vocational service assigned a programme or the
 * schools ledger holds a SECONDARY_VOCATIONAL or HIGHER_VOCATIONAL 学籍 — or was trained and
 * transferred into employment, or masters a practical rural technique (certificate). A training
 * alone, not followed by employment, does not count.
 * (`skilledMemberSql` in skilled.repository.ts states the same rule in SQL.)
 */
export function isSkilledMember(member: MemberSkillFacts): boolean {
  return (
    member.enrolments.some((e) => e.status === 'ENROLLED' || e.status === 'GRADUATED') ||
    inVocationalEducation(member.schoolRecords) ||
    member.trainings.some((t) => t.employedAfter === true || (t.kind === 'PRACTICAL_TECHNIQUE' && t.certificate !== null))
  );
}

/**
 * Whether the member's 学籍 say they are in (or finished) secondary-or-higher vocational education:
 * their latest vocational-stage record (by academic year) is ENROLLED or GRADUATED. The schools
 * ledger keeps one record a year and leaves earlier years ENROLLED, so a student who dropped out
 * in their second year still holds an ENROLLED first-year record: only the latest one says where
 * they stand (as a WITHDRAWN vocational enrolment does not count).
 */
export function inVocationalEducation(records: MemberSkillFacts['schoolRecords']): boolean {
  const latest = records.filter((r) => VOCATIONAL_STAGES.includes(r.stage)).sort((a, b) => b.academicYear - a.academicYear)[0];
  return latest !== undefined && (latest.status === 'ENROLLED' || latest.status === 'GRADUATED');
}

export function householdHasSkilledMember(members: readonly MemberSkillFacts[]): boolean {
  return members.some(isSkilledMember);
}

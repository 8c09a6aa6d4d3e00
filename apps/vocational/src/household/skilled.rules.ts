import type { SkillsTrainingKind, VocationalEnrolmentStatus } from '@epg/domain';

/** What the vocational service knows about one member of a household. */
export interface MemberSkillFacts {
  enrolments: { status: VocationalEnrolmentStatus }[];
  trainings: { kind: SkillsTrainingKind; certificate: string | null; employedAfter: boolean | null }[];
}

/**
 * 1户1人: a member counts as skilled with secondary-or-higher vocational education (enrolled or
 * graduated), a skills training followed by employment, or a practical-technique certificate.
 * (`skilledMemberSql` in skilled.repository.ts states the same rule in SQL.)
 */
export function isSkilledMember(member: MemberSkillFacts): boolean {
  return (
    member.enrolments.some((e) => e.status === 'ENROLLED' || e.status === 'GRADUATED') ||
    member.trainings.some((t) => t.employedAfter === true || (t.kind === 'PRACTICAL_TECHNIQUE' && t.certificate !== null))
  );
}

export function householdHasSkilledMember(members: readonly MemberSkillFacts[]): boolean {
  return members.some(isSkilledMember);
}

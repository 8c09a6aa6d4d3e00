import { checkStageFitsSchool, type SchoolType, type Stage } from '@epg/domain';

/** The ENROLLED pupils of a school by stage and grade (how many in each). */
export interface EnrolledClass {
  stage: Stage;
  grade: number;
  pupils: number;
}

/**
 * A school's type may change (a primary school becoming a nine-year school, 九年一贯制) only to
 * one that teaches every pupil ENROLLED there: else their 学籍 would name a stage the school no
 * longer has. Null when the new type fits them all, else the rule and the first misfit.
 */
export function typeChangeIssue(newType: SchoolType, enrolled: readonly EnrolledClass[]): string | null {
  const misfits = enrolled.filter((c) => checkStageFitsSchool(newType, c.stage, c.grade));
  if (!misfits.length) return null;
  const pupils = misfits.reduce((n, c) => n + c.pupils, 0);
  const first = misfits[0]!;
  return `${pupils} ENROLLED pupil(s) would not fit a ${newType} school (e.g. ${first.stage} grade ${first.grade}); transfer them first`;
}

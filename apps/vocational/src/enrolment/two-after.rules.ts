/** A 学籍 record as the 两后生 rule reads it (from the projection of the schools feed). */
export interface FinishedRecord {
  academicYear: number;
  stage: string;
  status: string;
}

/** Stages whose finishing, without continuing, makes a 两后生 (初中、高中毕业或肄业未升学). */
export const TWO_AFTER_STAGES: readonly string[] = ['JUNIOR', 'SENIOR'];

/**
 * Pure: the calendar year a person finished junior or senior secondary without continuing, or
 * null. Their last 学籍 (records closed by a transfer are not the school they were at) lies in an
 * academic year before `currentAcademicYear`, is JUNIOR or SENIOR, and was not suspended (休学
 * keeps the place): graduated, dropped out, or a year's record with no record after it — the
 * schools ledger keeps one record per academic year, so a record of a past year with none
 * after it is a school career that stopped there. The year is the one that academic year ended
 * in (2024 = 2024–25 ends in 2025). Any later record — senior, vocational, or repeating — is a
 * continuing 学籍, and so is any record of the current year.
 */
export function nonContinuingYear(records: readonly FinishedRecord[], currentAcademicYear: number): number | null {
  const held = records.filter((r) => r.status !== 'TRANSFERRED_OUT');
  if (held.length === 0) return null;
  const lastYear = Math.max(...held.map((r) => r.academicYear));
  if (lastYear >= currentAcademicYear) return null;
  const last = held.filter((r) => r.academicYear === lastYear);
  if (!last.every((r) => TWO_AFTER_STAGES.includes(r.stage) && r.status !== 'SUSPENDED')) return null;
  return lastYear + 1;
}

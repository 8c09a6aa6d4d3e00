import { DEMO_ACADEMIC_YEAR } from './regions';
import { demoGeneralEnrolments, type DemoEnrolment } from './schools-demo';
import { demoVocationalData } from './vocational-demo';

/**
 * The demo's 学籍 of one academic year, as the schools ledger holds them: the year's general
 * placement (`demoGeneralEnrolments`), where each vocational student's record is the one their
 * programme stands on (`demoVocationalData().schoolRecords`: at the programme's school, in the
 * grade of their year of study, GRADUATED or DROPPED_OUT when the programme ended) — so the
 * schools and vocational ledgers agree (issue 21). One record per person; order kept, records of
 * students the year's draw did not place (a graduate's final year) at the end. Deterministic.
 */
export function demoEnrolments(academicYear: number = DEMO_ACADEMIC_YEAR): DemoEnrolment[] {
  const vocational = demoVocationalData().schoolRecords.filter((r) => r.academicYear === academicYear);
  const byPerson = new Map(vocational.map((r) => [r.personId, r]));
  const general = demoGeneralEnrolments(academicYear);
  const placed = new Set(general.map((e) => e.personId));
  return [...general.map((e) => byPerson.get(e.personId) ?? e), ...vocational.filter((r) => !placed.has(r.personId))];
}

/** The academic years whose whole placement the schools seeder writes. */
export const DEMO_LEDGER_YEARS: readonly number[] = [DEMO_ACADEMIC_YEAR - 1, DEMO_ACADEMIC_YEAR];

/**
 * Every 学籍 the schools seeder writes: the demo years' (`demoEnrolments`) and, before them, the
 * earlier years of the vocational students' programmes (a 2021 start has its 2021 record).
 */
export function demoSchoolLedger(): DemoEnrolment[] {
  const first = Math.min(...DEMO_LEDGER_YEARS);
  const earlier = demoVocationalData().schoolRecords.filter((r) => r.academicYear < first);
  return [...earlier, ...DEMO_LEDGER_YEARS.flatMap((year) => demoEnrolments(year))];
}

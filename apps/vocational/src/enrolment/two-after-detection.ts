import { assertRegionInScope } from '@epg/auth';
import { academicYearStart, regionCodeSchema, type RegionCode } from '@epg/domain';
import type { ScopedData } from '@epg/persistence';
import { openWrite, parseInput, type BaseContext } from '@epg/subgraph-kit';
import { refreshProjection } from '../projection/projection.service';
import { refreshSchoolRecords } from '../projection/school-record.feed';
import { currentAcademicYear, TWO_AFTER_AGE } from './enrolment.rules';
import { nonContinuingYear, type FinishedRecord } from './two-after.rules';

export interface NonContinuingGraduateDetectionResult {
  regionCode: string;
  detected: number;
  updated: number;
  alreadyListed: number;
}

interface Candidate {
  person_id: string;
  village_code: string;
  records: FinishedRecord[];
}

/**
 * Members of registered households inside the scope aged 15–20 on `onDate`, with no ENROLLED or
 * GRADUATED vocational enrolment and at least one 学籍 in the projection, each with their 学籍
 * records (one statement). The scope owns `$1`.
 */
function findCandidates(data: ScopedData, onDate: string): Promise<Candidate[]> {
  return data.query<Candidate>(
    (region) => `SELECT m.person_id, m.village_code,
            json_agg(json_build_object('academicYear', r.academic_year, 'stage', r.stage, 'status', r.status)) AS records
       FROM household_member m
       JOIN school_record r ON r.person_id = m.person_id
      WHERE ${region('m.village_code')} AND NOT m.removed AND m.household_status <> 'REMOVED'
        AND m.birth_date <= ($2::date - make_interval(years => $3::int))::date
        AND m.birth_date > ($2::date - make_interval(years => $4::int + 1))::date
        AND NOT EXISTS (SELECT 1 FROM vocational_enrolment e WHERE e.person_id = m.person_id AND e.status IN ('ENROLLED', 'GRADUATED'))
      GROUP BY m.person_id, m.village_code`,
    [onDate, TWO_AFTER_AGE.from, TWO_AFTER_AGE.to],
  );
}

/**
 * Detects the 两后生 of a region (see `nonContinuingYear`) and records them in
 * non_continuing_graduate as DETECTED. A row flagged by hand (FLAGGED) is left as the officer
 * wrote it; a DETECTED row moves to a later year when the person left school again. Rows are
 * never deleted here: the list leaves out whoever continues (a later 学籍 or a vocational
 * enrolment), and the table's change feed (subsidies) sees every row it ever held.
 * The projections are refreshed before the transaction (no connection held across the graph).
 */
export async function detectNonContinuingGraduates(ctx: BaseContext, args: { regionCode: string }): Promise<NonContinuingGraduateDetectionResult> {
  const detection = openWrite(ctx, { operation: 'detectNonContinuingGraduates' });
  const regionCode: RegionCode = parseInput(regionCodeSchema, args.regionCode, 'regionCode');
  assertRegionInScope(ctx.principal, regionCode);
  await refreshProjection(ctx, regionCode);
  await refreshSchoolRecords(ctx, regionCode);
  const year = currentAcademicYear();
  return detection.run(async (tx) => {
    const data = tx.data.narrowTo(regionCode);
    const found = (await findCandidates(data, academicYearStart(year)))
      .map((c) => ({ personId: c.person_id, regionCode: c.village_code, year: nonContinuingYear(c.records, year) }))
      .filter((c): c is { personId: string; regionCode: string; year: number } => c.year !== null);
    if (found.length === 0) {
      tx.unchanged();
      return { regionCode, detected: 0, updated: 0, alreadyListed: 0 };
    }
    // Inserted rows come back with xmax = 0; a FLAGGED row, or a DETECTED one of the same or a
    // later year, or one of another region, is not touched (and not returned).
    const changed = await data.query<{ person_id: string; region_code: string; year: number; inserted: boolean }>(
      (region) => `INSERT INTO non_continuing_graduate AS f (person_id, region_code, year, source)
         SELECT person_id, region_code, year, 'DETECTED' FROM unnest($2::uuid[], $3::text[], $4::int[]) AS c(person_id, region_code, year)
         ON CONFLICT (person_id) DO UPDATE SET year = EXCLUDED.year, region_code = EXCLUDED.region_code
          WHERE f.source = 'DETECTED' AND f.year < EXCLUDED.year AND ${region('f.region_code')}
         RETURNING f.person_id, f.region_code, f.year, (xmax = 0) AS inserted`,
      [found.map((c) => c.personId), found.map((c) => c.regionCode), found.map((c) => c.year)],
    );
    if (changed.length === 0) tx.unchanged();
    else {
      tx.audit(
        changed.map((row) => ({
          operation: 'detectNonContinuingGraduates',
          regionCode: row.region_code,
          entityType: 'NonContinuingGraduate',
          entityId: row.person_id,
          after: { personId: row.person_id, regionCode: row.region_code, year: row.year, source: 'DETECTED' },
        })),
      );
    }
    const detected = changed.filter((r) => r.inserted).length;
    return { regionCode, detected, updated: changed.length - detected, alreadyListed: found.length - changed.length };
  });
}

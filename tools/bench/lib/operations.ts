import { print } from 'graphql';
import { Client } from 'pg';
import {
  HouseholdRosterDocument,
  PersonEntitlementsDocument,
  RegionDashboardDocument,
  SchoolProfileDocument,
} from '@epg/graph-client';

export const BENCH_YEAR = 2019;
export const BENCH_CYCLE_START = 2015;

export interface Operation {
  name: string;
  query: string;
  variables: Record<string, unknown>;
  /** Other variables to send in turn (one per region): requests that are not all alike. */
  variants?: Record<string, unknown>[];
}

/** Entities of the seeded province the benchmarks ask about (picked by SQL, deterministic). */
export interface Picks {
  county: string;
  /** Every county of the province, for loads where each request asks about another one. */
  counties: string[];
  village: string;
  smallSchool: string;
  largeSchool: string;
  student: string;
  otherStudent: string;
}

export async function pickEntities(databaseUrl: string): Promise<Picks> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const one = async (sql: string, params: unknown[] = []) => {
      const { rows } = await client.query(sql, params);
      if (!rows[0]) throw new Error(`the province is not seeded (npm run seed -- --scale province): ${sql}`);
      return Object.values(rows[0])[0] as string;
    };
    const counties = (await client.query(`SELECT code FROM households.region WHERE level = 'COUNTY' AND code LIKE '42%' AND code <> '420102' ORDER BY code`)).rows.map((r: { code: string }) => r.code);
    const county = await one(`SELECT code FROM households.region WHERE level = 'COUNTY' AND code LIKE '42%' AND code <> '420102' ORDER BY code LIMIT 1`);
    const village = await one(`SELECT code FROM households.region WHERE level = 'VILLAGE' AND code LIKE $1 ORDER BY code LIMIT 1`, [`${county}%`]);
    const smallSchool = await one(`SELECT s.id FROM schools.school s WHERE s.region_code LIKE $1 AND s.type = 'TEACHING_POINT'
          AND EXISTS (SELECT 1 FROM schools.facility_gap g WHERE g.school_id = s.id) ORDER BY s.code LIMIT 1`, [`${county}%`]);
    const largeSchool = await one(`SELECT s.id FROM schools.school s WHERE s.region_code LIKE $1 AND s.type = 'SENIOR_SECONDARY'
          AND EXISTS (SELECT 1 FROM schools.facility_gap g WHERE g.school_id = s.id) ORDER BY s.code LIMIT 1`, [`${county}%`]);
    const students = await client.query(
      `SELECT e.person_id FROM schools.enrolment e WHERE e.region_code LIKE $1 AND e.academic_year = $2 AND e.stage = 'SENIOR' ORDER BY e.id LIMIT 2`,
      [`${county}%`, BENCH_YEAR],
    );
    return { county, counties, village, smallSchool, largeSchool, student: students.rows[0].person_id, otherStudent: students.rows[1].person_id };
  } finally {
    await client.end();
  }
}

export const householdRoster = (regionCode: string, first: number): Operation => ({
  name: `HouseholdRoster(first ${first})`,
  query: print(HouseholdRosterDocument),
  variables: { filter: { regionCode }, first },
});
export const schoolProfile = (id: string, label = ''): Operation => ({
  name: `SchoolProfile${label}`,
  query: print(SchoolProfileDocument),
  variables: { id, academicYear: BENCH_YEAR },
});
export const personEntitlements = (personId: string, label = ''): Operation => ({
  name: `PersonEntitlements${label}`,
  query: print(PersonEntitlementsDocument),
  variables: { personId, academicYear: BENCH_YEAR },
});
export const regionDashboard = (code: string, label = ''): Operation => ({
  name: `RegionDashboard${label}`,
  query: print(RegionDashboardDocument),
  variables: { code, academicYear: BENCH_YEAR, cycleStartYear: BENCH_CYCLE_START },
});

/** The same operation asked about each county in turn. */
function acrossCounties(op: Operation, counties: string[], variable: (code: string) => Record<string, unknown>): Operation {
  return { ...op, name: `${op.name.replace(/\(county\)$/, '')}(${counties.length} counties)`, variants: counties.map(variable) };
}

/**
 * The four contract operations the load benchmarks drive, on the picked county (every request
 * alike, as the benchmark asks), plus the dashboard and the roster across all counties
 * (no two requests in flight alike, so the gateway has nothing to share between them).
 */
export function loadOperations(picks: Picks): Operation[] {
  const dashboard = regionDashboard(picks.county, '(county)');
  const roster = householdRoster(picks.county, 50);
  return [
    dashboard,
    acrossCounties(dashboard, picks.counties, (code) => ({ ...dashboard.variables, code })),
    roster,
    acrossCounties(roster, picks.counties, (regionCode) => ({ ...roster.variables, filter: { regionCode } })),
    schoolProfile(picks.largeSchool),
    personEntitlements(picks.student),
  ];
}

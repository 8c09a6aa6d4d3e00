import type { Pool, PoolClient } from 'pg';
import { SeededRandom, stableUuid, DEMO_REGIONS } from '@epg/demo';
import { FACILITY_CATEGORIES } from '@epg/domain';
import { copyRows, type CopyValue } from '@epg/persistence';
import { PROVINCE, provinceRegions, provinceSchools, spread, type School } from './geography';
import {
  countyPeople, indexSchools, ENROLMENT_COLUMNS, HOUSEHOLD_COLUMNS, PERSON_COLUMNS, SKILLS_TRAINING_COLUMNS, STATUS_CHANGE_COLUMNS,
  VOCATIONAL_ENROLMENT_COLUMNS, type SchoolIndex,
} from './people';
import { countyTeachers, teachersPerSchool, TEACHER_COLUMNS, TRAINING_COLUMNS } from './teachers';

export interface ProvinceOptions {
  households: number;
  teachers: number;
  academicYear: number;
  log: (line: string) => void;
}

export type ProvinceCounts = Record<string, number>;

const PREFIX = `${PROVINCE.code.slice(0, 2)}%`;

/** Is the province already loaded? */
export async function provinceLoaded(pool: Pool): Promise<boolean> {
  const { rows } = await pool.query(`SELECT EXISTS (SELECT 1 FROM households.household WHERE village_code LIKE $1) AS loaded`, [PREFIX]);
  return rows[0].loaded as boolean;
}

/** Removes everything of the province from every service's schema (demo regions stay). */
export async function removeProvince(client: PoolClient): Promise<void> {
  const keep = DEMO_REGIONS.map((r) => r.code).filter((c) => c.startsWith('42'));
  const statements: [string, unknown[]?][] = [
    [`DELETE FROM subsidies.payment p USING subsidies.entitlement e WHERE p.entitlement_id = e.id AND e.region_code LIKE $1`],
    [`DELETE FROM subsidies.entitlement WHERE region_code LIKE $1`],
    [`DELETE FROM subsidies.eligible_line WHERE region_code LIKE $1`],
    [`DELETE FROM subsidies.person_fact WHERE village_code LIKE $1`],
    [`DELETE FROM subsidies.enrolment_fact WHERE school_region_code LIKE $1`],
    [`DELETE FROM subsidies.projection_state WHERE region_code LIKE $1`],
    [`DELETE FROM vocational.vocational_enrolment WHERE region_code LIKE $1`],
    [`DELETE FROM vocational.skills_training WHERE region_code LIKE $1`],
    [`DELETE FROM vocational.vocational_program WHERE region_code LIKE $1`],
    [`DELETE FROM vocational.household_member WHERE village_code LIKE $1`],
    [`DELETE FROM vocational.projection_state WHERE region_code LIKE $1`],
    [`DELETE FROM teachers.training_record WHERE region_code LIKE $1`],
    [`DELETE FROM teachers.teacher WHERE region_code LIKE $1`],
    [`DELETE FROM schools.dropout_action a USING schools.dropout_case c WHERE a.case_id = c.id AND c.region_code LIKE $1`],
    [`DELETE FROM schools.dropout_case WHERE region_code LIKE $1`],
    [`DELETE FROM schools.registered_child WHERE village_code LIKE $1`],
    [`DELETE FROM schools.projection_state WHERE region_code LIKE $1`],
    [`DELETE FROM schools.enrolment WHERE region_code LIKE $1`],
    [`DELETE FROM schools.facility_gap WHERE region_code LIKE $1`],
    [`DELETE FROM schools.school WHERE region_code LIKE $1`],
    [`DELETE FROM households.person WHERE village_code LIKE $1`],
    [`DELETE FROM households.household_status_change s USING households.household h WHERE s.household_id = h.id AND h.village_code LIKE $1`],
    [`DELETE FROM households.household WHERE village_code LIKE $1`],
    [`DELETE FROM households.village_poverty_fact WHERE village_code LIKE $1`],
    [`DELETE FROM households.region WHERE code LIKE $1 AND NOT (code = ANY($2))`, [PREFIX, keep]],
  ];
  for (const [sql, params] of statements) await client.query(sql, params ?? [PREFIX]);
}

function programmesOf(schools: readonly School[]): { rows: CopyValue[][]; byschool: SchoolIndex['programmes'] } {
  const majors: [string, boolean][] = [['现代农艺技术', true], ['畜禽生产技术', true], ['计算机应用', false], ['汽车运用与维修', false], ['电子商务', false]];
  const rows: CopyValue[][] = [];
  const byschool: SchoolIndex['programmes'] = new Map();
  for (const s of schools.filter((x) => x.type === 'SECONDARY_VOCATIONAL')) {
    const list = majors.map(([major, agricultural]) => {
      const id = stableUuid('vocational-program', `${s.code}:${major}`);
      rows.push([id, s.id, s.regionCode, major, agricultural, 3]);
      return { id, agricultural };
    });
    byschool.set(s.id, list);
  }
  return { rows, byschool };
}

/**
 * Loads the province into each service's own schema with COPY, in one transaction (a failed
 * load leaves nothing behind). Counties are generated and copied one at a time.
 */
export async function loadProvince(client: PoolClient, options: ProvinceOptions): Promise<ProvinceCounts> {
  const counts: ProvinceCounts = {};
  const add = (key: string, n: number) => (counts[key] = (counts[key] ?? 0) + n);
  const copy = async (key: string, table: string, columns: readonly string[], rows: Iterable<readonly CopyValue[]>) => add(key, await copyRows(client, table, columns, rows));

  const { cities, counties } = provinceRegions();
  const regionRows: CopyValue[][] = [
    ...cities.map((c) => [c.code, c.name, c.level, PROVINCE.code]),
    ...counties.map((c) => [c.code, c.name, c.level, c.city]),
    ...counties.flatMap((c) => c.townships.map((t) => [t.code, t.name, t.level, c.code])),
    ...counties.flatMap((c) => c.townships.flatMap((t) => t.villages.map((v) => [v.code, v.name, v.level, t.code]))),
  ];
  await client.query(`INSERT INTO households.region (code, name, level) VALUES ($1, $2, 'PROVINCE') ON CONFLICT (code) DO NOTHING`, [PROVINCE.code, PROVINCE.name]);
  await copy('regions', 'households.region', ['code', 'name', 'level', 'parent_code'], regionRows);
  const factsRandom = new SeededRandom(420_002);
  const villages = counties.flatMap((c) => c.townships.flatMap((t) => t.villages));
  await copy('villagePovertyFacts', 'households.village_poverty_fact', ['village_code', 'year', 'incidence_percent', 'income_per_capita_fen', 'has_collective_income'], (function* () {
    for (const v of villages) {
      const exit = factsRandom.int(2017, 2020);
      for (let year = 2016; year <= 2019; year++) {
        const poor = year < exit;
        yield [v.code, year, poor ? factsRandom.int(275, 420) / 10 : factsRandom.int(5, 180) / 10, (poor ? factsRandom.int(3200, 4700) : factsRandom.int(5200, 9800)) * 100, !poor];
      }
    }
  })());
  options.log(`regions: ${counts.regions} (${counties.length} counties, ${villages.length} villages)`);

  const schools = provinceSchools(counties);
  const gapsRandom = new SeededRandom(420_003);
  await copy('schools', 'schools.school', ['id', 'code', 'name', 'type', 'ownership', 'region_code', 'in_poverty_area', 'model_level', 'has_broadband', 'classrooms', 'multimedia_classrooms'],
    schools.map((s) => [s.id, s.code, s.name, s.type, 'PUBLIC', s.regionCode, true, s.modelLevel, s.type !== 'TEACHING_POINT', s.type === 'TEACHING_POINT' ? 2 : 12, s.type === 'TEACHING_POINT' ? 0 : 4]));
  await copy('facilityGaps', 'schools.facility_gap', ['id', 'school_id', 'region_code', 'category', 'description', 'estimated_cost_fen', 'recorded_on'], (function* () {
    for (const s of schools) {
      const n = gapsRandom.weighted([[0, 40], [1, 30], [2, 20], [4, 10]] as const);
      for (let i = 0; i < n; i++) {
        yield [stableUuid('facility-gap', `${s.code}:${i}`), s.id, s.regionCode, gapsRandom.pick(FACILITY_CATEGORIES), '薄弱环节改善', gapsRandom.int(5, 300) * 10_000_00, gapsRandom.dateBetween('2016-03-01', '2019-06-30')];
      }
    }
  })());
  const programmes = programmesOf(schools);
  await copy('vocationalPrograms', 'vocational.vocational_program', ['id', 'school_id', 'region_code', 'major', 'agricultural', 'duration_years'], programmes.rows);
  options.log(`schools: ${counts.schools} (+${counts.facilityGaps} facility gaps, ${counts.vocationalPrograms} vocational programmes)`);

  const index = indexSchools(schools, programmes.byschool);
  const householdsPerCounty = spread(options.households, counties.length);
  const perSchool = teachersPerSchool(schools, options.teachers);
  const started = Date.now();
  for (const [c, county] of counties.entries()) {
    const p = countyPeople(county, c, householdsPerCounty[c]!, options.academicYear, index);
    await copy('households', 'households.household', HOUSEHOLD_COLUMNS, p.households);
    await copy('statusChanges', 'households.household_status_change', STATUS_CHANGE_COLUMNS, p.statusChanges);
    await copy('people', 'households.person', PERSON_COLUMNS, p.people);
    await copy('enrolments', 'schools.enrolment', ENROLMENT_COLUMNS, p.enrolments);
    await copy('vocationalEnrolments', 'vocational.vocational_enrolment', VOCATIONAL_ENROLMENT_COLUMNS, p.vocationalEnrolments);
    await copy('skillsTrainings', 'vocational.skills_training', SKILLS_TRAINING_COLUMNS, p.skillsTrainings);
    const t = countyTeachers(county, c, schools.filter((s) => s.county === county.code), perSchool, options.academicYear - 4);
    await copy('teachers', 'teachers.teacher', TEACHER_COLUMNS, t.teachers);
    await copy('trainingRecords', 'teachers.training_record', TRAINING_COLUMNS, t.trainings);
    options.log(`county ${c + 1}/${counties.length} ${county.code}: ${counts.households} households, ${counts.people} people, ${counts.enrolments} enrolments, ${counts.teachers} teachers (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  }
  return counts;
}

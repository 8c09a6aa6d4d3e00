import { startTestGraph, type TestGraph } from '../../support';
import { DEMO_SCHOOLS } from '@epg/demo';
import { countIndicatorsFromRollup, countIndicators } from '@epg/schools';

/**
 * The roll-ups behind `Region.educationIndicators` stay equal to the direct count after every kind
 * of write: the projection of registered children filled by a dropout scan, enrolments and
 * transfers, and status, stage, household and birth-date corrections and deletes made in SQL.
 */
const COUNTY = '360323';
const YEARS = [2021, 2022, 2023, 2024];

const SCAN = `mutation($code: String!, $year: Int!) { scanForDropouts(regionCode: $code, academicYear: $year) { opened } }`;
const ENROL = `mutation($input: EnrolStudentInput!) { enrolStudent(input: $input) { id } }`;
const TRANSFER = `mutation($input: TransferStudentInput!) { transferStudent(input: $input) { id } }`;

describe('education indicator roll-ups equal the direct count', () => {
  let graph: TestGraph;
  let county: string;
  const ds = () => graph.services.get('schools')!.dataSource;
  const within = (prefix: string) => graph.dataWithin('schools', prefix);
  let prefixes: string[] = [];

  const ok = <T>(document: string, variables: Record<string, unknown>) => graph.succeed<T>(document, variables, county);

  async function expectRollupsTrue(step: string) {
    for (const prefix of prefixes) {
      for (const year of YEARS) {
        expect({ step, prefix, year, ...(await countIndicatorsFromRollup(within(prefix), year)) }).toEqual({
          step,
          prefix,
          year,
          ...(await countIndicators(within(prefix), year)),
        });
      }
    }
  }

  beforeAll(async () => {
    graph = await startTestGraph();
    county = await graph.token({ role: 'COUNTY', regionCode: COUNTY });
  });
  afterAll(() => graph?.stop());

  it('stays equal once the projection of registered children is filled, and counts something', async () => {
    await ok(SCAN, { code: COUNTY, year: 2023 });
    const [{ village }] = await ds().query(
      `SELECT village_code AS village FROM registered_child GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`,
    );
    prefixes = ['36', '3603', COUNTY, village.slice(0, 9), village, '420102'];
    await expectRollupsTrue('projected');
    const counts = await countIndicatorsFromRollup(within(COUNTY), 2023);
    expect(counts.compulsoryChildren).toBeGreaterThan(0);
    expect(counts.compulsoryEnrolled).toBeGreaterThan(0);
  });

  it('stays equal through enrolments and transfers', async () => {
    const school = DEMO_SCHOOLS.find((s) => s.type === 'PRIMARY')!;
    const other = DEMO_SCHOOLS.find((s) => s.type === 'PRIMARY' && s.id !== school.id)!;
    const suspected: { person_id: string }[] = await ds().query(`SELECT person_id FROM dropout_case WHERE status <> 'CLOSED' ORDER BY person_id LIMIT 2`);
    expect(suspected.length).toBeGreaterThan(0);
    const ids: string[] = [];
    for (const { person_id } of suspected) {
      ids.push((await ok<{ enrolStudent: { id: string } }>(ENROL, { input: { personId: person_id, schoolId: school.id, academicYear: 2023, stage: 'PRIMARY', grade: 3, boarding: false } })).enrolStudent.id);
    }
    await expectRollupsTrue('enrolled');
    await ok(TRANSFER, { input: { enrolmentId: ids[0], toSchoolId: other.id, boarding: true } });
    await expectRollupsTrue('transferred');
  });

  it('stays equal through corrections and deletes made in SQL, many rows at once', async () => {
    await ds().query(`UPDATE enrolment SET status = 'DROPPED_OUT' WHERE id IN (SELECT id FROM enrolment WHERE academic_year = 2023 ORDER BY id LIMIT 20)`);
    await ds().query(`UPDATE enrolment SET status = 'GRADUATED' WHERE id IN (SELECT id FROM enrolment WHERE academic_year = 2022 AND stage = 'PRIMARY' ORDER BY id LIMIT 20)`);
    await ds().query(`UPDATE enrolment SET stage = 'PRESCHOOL' WHERE id IN (SELECT id FROM enrolment WHERE academic_year = 2023 ORDER BY id DESC LIMIT 20)`);
    await expectRollupsTrue('enrolments corrected');
    await ds().query(`UPDATE registered_child SET household_status = 'REMOVED' WHERE person_id IN (SELECT person_id FROM registered_child ORDER BY person_id LIMIT 30)`);
    await ds().query(`UPDATE registered_child SET birth_date = birth_date + 200 WHERE person_id IN (SELECT person_id FROM registered_child ORDER BY person_id DESC LIMIT 30)`);
    await ds().query(`UPDATE registered_child SET village_code = $1 WHERE person_id IN (SELECT person_id FROM registered_child ORDER BY birth_date LIMIT 30)`, [prefixes[4]]);
    await expectRollupsTrue('children corrected');
    await ds().query(`DELETE FROM enrolment WHERE transferred_to_id IS NULL AND id NOT IN (SELECT transferred_to_id FROM enrolment WHERE transferred_to_id IS NOT NULL) AND academic_year = 2022 AND stage = 'JUNIOR'`);
    await ds().query(`DELETE FROM registered_child WHERE person_id IN (SELECT person_id FROM registered_child ORDER BY birth_date DESC LIMIT 25)`);
    await expectRollupsTrue('deleted');
  });
});

import { startTestGraph, type TestGraph } from '../../support';

/**
 * Issue 20, what officers need: education targets per region and year set by API (until now only
 * by migration) — policy:admin province, city and county offices, for their own region or one
 * inside it; plausible shares and years; audited; read back with `educationTargets`.
 */
const COUNTY = '360323';
const SET = `mutation($r: String!, $y: Int!, $t: EducationTargetsInput!, $s: String) {
  setEducationTarget(regionCode: $r, year: $y, targets: $t, source: $s) {
    regionCode year source
    adopted { preschoolEnrolmentRate compulsoryEnrolmentRate compulsoryRetentionRate seniorEnrolmentRate }
    inForce { preschoolEnrolmentRate compulsoryEnrolmentRate compulsoryRetentionRate seniorEnrolmentRate } } }`;
const READ = `query($r: String!, $y: Int!) { educationTargets(regionCode: $r, year: $y) {
  regionCode year adopted { compulsoryRetentionRate } inForce { preschoolEnrolmentRate compulsoryRetentionRate } } }`;
const INDICATOR_TARGETS = `query($r: String!, $y: Int!) { region(code: $r) { educationIndicators(academicYear: $y) { targets { compulsoryRetentionRate preschoolEnrolmentRate } } } }`;

describe('education targets by API (issue 20)', () => {
  let graph: TestGraph;
  let admin: string;
  const sql = (text: string, params: unknown[] = []) => graph.services.get('schools')!.dataSource.query(text, params);
  const rowsOf = (region: string, year: number) => sql(`SELECT indicator, target::float AS target FROM education_target WHERE region_code = $1 AND from_year = $2 ORDER BY indicator`, [region, year]);

  beforeAll(async () => {
    graph = await startTestGraph();
    admin = await graph.token({ role: 'COUNTY', regionCode: COUNTY, scopes: ['policy:admin'], subject: 'target-admin' });
  });
  afterAll(() => graph?.stop());

  it('adopts targets for a county and year: read back, in force for the indicators, audited', async () => {
    const data = await graph.succeed<{ setEducationTarget: Record<string, unknown> }>(SET, { r: COUNTY, y: 2026, t: { compulsoryRetentionRate: 0.985, preschoolEnrolmentRate: 0.8 }, s: '芦溪县教育脱贫攻坚实施方案' }, admin);
    expect(data.setEducationTarget).toEqual({
      regionCode: COUNTY,
      year: 2026,
      source: '芦溪县教育脱贫攻坚实施方案',
      adopted: { preschoolEnrolmentRate: 0.8, compulsoryEnrolmentRate: null, compulsoryRetentionRate: 0.985, seniorEnrolmentRate: null },
      inForce: expect.objectContaining({ preschoolEnrolmentRate: 0.8, compulsoryRetentionRate: 0.985 }),
    });
    const indicators = await graph.succeed<{ region: { educationIndicators: { targets: Record<string, number> } } }>(INDICATOR_TARGETS, { r: COUNTY, y: 2026 }, admin);
    expect(indicators.region.educationIndicators.targets).toMatchObject({ compulsoryRetentionRate: 0.985, preschoolEnrolmentRate: 0.8 });
    const entries = await sql(`SELECT data_region, entity_id FROM audit_entry WHERE operation = 'setEducationTarget' AND subject = 'target-admin' ORDER BY entity_id`);
    expect(entries).toEqual([
      { data_region: COUNTY, entity_id: `${COUNTY}:COMPULSORY_RETENTION:2026` },
      { data_region: COUNTY, entity_id: `${COUNTY}:PRESCHOOL_ENROLMENT:2026` },
    ]);
    // A re-adoption for the year replaces the indicator given, and leaves the others.
    await graph.succeed(SET, { r: COUNTY, y: 2026, t: { compulsoryRetentionRate: 0.99 } }, admin);
    expect(await rowsOf(COUNTY, 2026)).toEqual([
      { indicator: 'COMPULSORY_RETENTION', target: 0.99 },
      { indicator: 'PRESCHOOL_ENROLMENT', target: 0.8 },
    ]);
  });

  it('reads the targets of its own region and the regions above it, not of others', async () => {
    const county = await graph.token({ role: 'COUNTY', regionCode: COUNTY });
    const own = await graph.succeed<{ educationTargets: { adopted: { compulsoryRetentionRate: number } } }>(READ, { r: COUNTY, y: 2026 }, county);
    expect(own.educationTargets.adopted.compulsoryRetentionRate).toBe(0.99);
    expect((await graph.graphql(READ, { r: '360000', y: 2026 }, county)).errors).toBeUndefined();
    expect((await graph.graphql(READ, { r: '420000', y: 2026 }, county)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses callers who do not adopt targets, and writes nothing', async () => {
    const callers = [
      await graph.token({ role: 'COUNTY', regionCode: COUNTY }),
      await graph.token({ role: 'TOWNSHIP', regionCode: '360323101', scopes: ['policy:admin'] }),
      await graph.token({ role: 'AUDITOR', regionCode: COUNTY, scopes: ['policy:admin'] }),
      await graph.token({ role: 'COUNTY', regionCode: '360322', scopes: ['policy:admin'] }),
    ];
    for (const token of callers) {
      const result = await graph.graphql(SET, { r: COUNTY, y: 2025, t: { seniorEnrolmentRate: 0.7 } }, token);
      expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    expect(await rowsOf(COUNTY, 2025)).toEqual([]);
  });

  it('refuses implausible targets naming the field: a percentage, a year beyond a plan, a township, a region not on the register', async () => {
    const province = await graph.token({ role: 'PROVINCE', regionCode: '360000', scopes: ['policy:admin'] });
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ r: COUNTY, y: 2025, t: { compulsoryRetentionRate: 98 } }, 'targets.compulsoryRetentionRate', /at most 1/],
      [{ r: COUNTY, y: 2099, t: { compulsoryRetentionRate: 0.98 } }, 'year', /five-year plan/],
      [{ r: '360323101', y: 2025, t: { compulsoryRetentionRate: 0.98 } }, 'regionCode', /province, city or county/],
      [{ r: COUNTY, y: 2025, t: {} }, 'targets', /at least one/],
      [{ r: '360399', y: 2025, t: { compulsoryRetentionRate: 0.98 } }, 'regionCode', /no region 360399/],
    ];
    for (const [variables, path, message] of cases) {
      const result = await graph.graphql(SET, variables, province);
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', issues: [expect.objectContaining({ path, message: expect.stringMatching(message) })] });
    }
    expect(await sql(`SELECT count(*)::int AS n FROM education_target WHERE from_year IN (2025, 2099) OR region_code IN ('360323101', '360399')`)).toEqual([{ n: 0 }]);
  });
});

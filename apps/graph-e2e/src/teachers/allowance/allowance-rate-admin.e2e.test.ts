import { startTestGraph, type TestGraph } from '../../support';

const SET_RATE = `mutation($input: AllowanceRateInput!) { setAllowanceRate(input: $input) { id regionPrefix hardshipTier fromMonth monthlyFen } }`;
const ALLOWANCES = `query($regionCode: String!, $month: String!) { teacherAllowances(regionCode: $regionCode, month: $month) { teacherCount totalFen byTier { hardshipTier teacherCount totalFen } } }`;

/**
 * Issue 18 item 8 (allowance rates) and issue 19 item 6 (money totals as Fen): setting the rural
 * living allowance takes policy:admin and a province, city or county office; a rate keeps the
 * 500-yuan floor the seeds set, a ceiling, and never cuts the rate of the region above; a
 * province's monthly payroll passes 2^31 fen and is answered to the fen.
 */
describe('allowance rate administration', () => {
  let graph: TestGraph;
  const sql = (query: string, params: unknown[] = []) => graph.services.get('teachers')!.dataSource.query(query, params);
  const rates = async (): Promise<number> => (await sql(`SELECT count(*)::int AS n FROM allowance_rate`))[0].n;
  const token = (role: 'PROVINCE' | 'COUNTY' | 'TOWNSHIP', regionCode: string, scopes: string[] = ['policy:admin']) =>
    graph.token({ role, regionCode, scopes, subject: `rates-${role}-${regionCode}-${scopes.join('+')}` });
  const rate = (regionCode: string, hardshipTier: number, fromMonth: string, monthlyFen: number) => ({ input: { regionCode, hardshipTier, fromMonth, monthlyFen } });

  beforeAll(async () => {
    graph = await startTestGraph();
  });
  afterAll(() => graph?.stop());

  it('refuses a county clerk without policy:admin, and a township office with it', async () => {
    const before = await rates();
    const clerk = await token('COUNTY', '360323', ['subsidy:approve', 'pii:read']);
    const cut = await graph.graphql(SET_RATE, rate('360323', 1, '2030-01', 50_000), clerk);
    expect(cut.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(cut.errors?.[0]?.message).toContain('policy:admin');
    const township = await graph.graphql(SET_RATE, rate('360323101', 1, '2030-01', 60_000), await token('TOWNSHIP', '360323101'));
    expect(township.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await rates()).toBe(before);
  });

  it('keeps a rural rate at 500 yuan a month or more and under the ceiling, naming the field', async () => {
    const county = await token('COUNTY', '360323');
    const before = await rates();
    const below = await graph.graphql(SET_RATE, rate('360323', 1, '2030-01', 10_000), county);
    expect(below.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'input.monthlyFen', message: expect.stringMatching(/at least 50000 fen/) }] });
    const above = await graph.graphql(SET_RATE, rate('360323', 3, '2030-01', 9_999_900), county);
    expect(above.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'input.monthlyFen', message: expect.stringMatching(/ceiling/) }] });
    expect(await rates()).toBe(before);
    const raised = await graph.graphql(SET_RATE, rate('360323', 1, '2030-01', 55_000), county);
    expect(raised.errors).toBeUndefined();
  });

  it("lets a county top up its province's rate, never cut it", async () => {
    const province = await graph.graphql(SET_RATE, rate('360000', 2, '2031-01', 80_000), await token('PROVINCE', '360000'));
    expect(province.errors).toBeUndefined();
    const county = await token('COUNTY', '360321');
    const cut = await graph.graphql(SET_RATE, rate('360321', 2, '2031-06', 60_000), county);
    expect(cut.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'input.monthlyFen', message: expect.stringMatching(/region 36 pays tier 2/) }] });
    const topUp = await graph.graphql(SET_RATE, rate('360321', 2, '2031-06', 90_000), county);
    expect(topUp.errors).toBeUndefined();
  });

  it('answers a monthly payroll past 2^31 fen to the fen', async () => {
    const month = '2032-01';
    const county = await token('COUNTY', '360323');
    const base = await graph.graphql(ALLOWANCES, { regionCode: '360323', month }, county);
    expect(base.errors).toBeUndefined();
    const { totalFen: baseFen, teacherCount: baseCount } = (base.data as { teacherAllowances: { totalFen: number; teacherCount: number } }).teacherAllowances;
    // 25,000 postings at the 1,000-yuan tier (set up directly: one demo teacher posted many times).
    const [{ id: teacherId, school_id: schoolId }] = await sql(`SELECT t.id, p.school_id FROM teacher t JOIN teacher_posting p ON p.teacher_id = t.id LIMIT 1`);
    await sql(
      `INSERT INTO teacher_posting (teacher_id, school_id, region_code, rural, hardship_tier, from_date)
       SELECT $1, $2, '360323102', true, 3, '2032-01-01' FROM generate_series(1, 25000)`,
      [teacherId, schoolId],
    );
    const result = await graph.graphql(ALLOWANCES, { regionCode: '360323', month }, county);
    expect(result.errors).toBeUndefined();
    const payroll = (result.data as { teacherAllowances: { totalFen: number; teacherCount: number } }).teacherAllowances;
    expect(payroll.totalFen).toBe(baseFen + 25_000 * 100_000);
    expect(payroll.totalFen).toBeGreaterThan(2 ** 31);
    expect(payroll.teacherCount).toBe(baseCount + 25_000);
  });
});

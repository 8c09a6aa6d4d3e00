import { DEMO_SCHOOLS, demoTeachersData } from '@epg/demo';
import { makeIdNumber } from '@epg/domain';
import { monthlyAllowanceFen } from '@epg/teachers';
import { startTestGraph, type TestGraph } from '../../support';

/**
 * Issue 21 (allowance): the rural living allowance goes to teachers working in rural schools (seed
 * 000: 贫困地区教师(含支教教师)) — the school decides, not the post type: a town teacher on 支教 at a
 * rural school is paid at that school's tier for the months there. The hardship tier is the
 * school's: a registration or move giving a school another tier is refused, and a move takes the
 * new school's tier.
 */
const LUXI_PRIMARY = DEMO_SCHOOLS.find((s) => s.code === '3636032302')!; // 芦溪小学, county seat (town, tier 0)
const ZHANGJIAFANG = DEMO_SCHOOLS.find((s) => s.code === '3636032320')!; // 张佳坊小学, tier 3

const ROTATE = `mutation($input: RecordRotationInput!) { recordRotation(input: $input) { id } }`;
const PAID = `query($id: ID!) { teacher(id: $id) { before: monthlyAllowanceFen(month: "2025-08") during: monthlyAllowanceFen(month: "2025-10") after: monthlyAllowanceFen(month: "2026-08") } }`;
const PAYROLL = `query($code: String!) { teacherAllowances(regionCode: $code, month: "2025-10") { teacherCount totalFen } }`;
const REGISTER = `mutation($input: RegisterTeacherInput!) { registerTeacher(input: $input) { id hardshipTier } }`;
const MOVE = `mutation($id: ID!, $to: ID!) { moveTeacher(teacherId: $id, schoolId: $to, on: "2026-09-01") { id rural hardshipTier } }`;

describe('the allowance follows the school: 支教 at a rural school, and the tier is the school’s', () => {
  let graph: TestGraph;
  let county: string;
  const data = demoTeachersData();
  const town = data.teachers.filter((t) => t.postings.at(-1)!.toDate === null && t.postings.at(-1)!.schoolId === LUXI_PRIMARY.id && !data.rotations.some((r) => r.teacherId === t.id));
  const tier3 = data.teachers.find((t) => t.postings.at(-1)!.schoolId === ZHANGJIAFANG.id)!.postings.at(-1)!;
  const rateAtZhangjiafang = monthlyAllowanceFen([{ ...tier3, fromDate: '2025-09-01', toDate: null }], data.allowanceRates, '2025-10');

  beforeAll(async () => {
    graph = await startTestGraph();
    county = await graph.token({ role: 'COUNTY', regionCode: '360323' });
  });
  afterAll(() => graph?.stop());

  it('pays a town teacher on 支教 at a rural school that school’s tier for the months there', async () => {
    expect(tier3.hardshipTier).toBe(3);
    expect(rateAtZhangjiafang).toBeGreaterThan(0);
    const teacher = town[0]!;
    const payrollBefore = (await graph.succeed<{ teacherAllowances: { teacherCount: number; totalFen: number } }>(PAYROLL, { code: ZHANGJIAFANG.regionCode }, county)).teacherAllowances;
    await graph.succeed(
      ROTATE,
      { input: { teacherId: teacher.id, kind: 'SUPPORT_TEACHING', toSchoolId: ZHANGJIAFANG.id, toRural: true, startDate: '2025-09-01', endDate: '2026-07-15' } },
      county,
    );
    const paid = await graph.succeed<{ teacher: Record<string, number> }>(PAID, { id: teacher.id }, county);
    expect(paid.teacher).toEqual({ before: 0, during: rateAtZhangjiafang, after: 0 });
    const payrollAfter = (await graph.succeed<{ teacherAllowances: { teacherCount: number; totalFen: number } }>(PAYROLL, { code: ZHANGJIAFANG.regionCode }, county)).teacherAllowances;
    expect(payrollAfter).toEqual({ teacherCount: payrollBefore.teacherCount + 1, totalFen: payrollBefore.totalFen + rateAtZhangjiafang });
  });

  it('refuses a registration giving the school another tier, and registers with the school’s', async () => {
    const input = { name: '层级', idNumber: makeIdNumber('360323', '1992-03-04', 711), schoolId: ZHANGJIAFANG.id, postType: 'SUPPORT', rural: true, hardshipTier: 1, startedOn: '2020-09-01' };
    const wrong = await graph.graphql(REGISTER, { input }, county);
    expect(wrong.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'input.hardshipTier' }] });
    const right = await graph.succeed<{ registerTeacher: { hardshipTier: number } }>(REGISTER, { input: { ...input, hardshipTier: 3 } }, county);
    expect(right.registerTeacher.hardshipTier).toBe(3);
  });

  it('moves a town teacher to a rural school at that school’s tier', async () => {
    const moved = await graph.succeed<{ moveTeacher: { rural: boolean; hardshipTier: number } }>(MOVE, { id: town[1]!.id, to: ZHANGJIAFANG.id }, county);
    expect(moved.moveTeacher).toMatchObject({ rural: true, hardshipTier: 3 });
  });
});

import { insertSchools, startTestGraph, type TestGraph } from '../../support';
import { makeIdNumber } from '@epg/domain';

const SET_RATE = `mutation($input: AllowanceRateInput!) { setAllowanceRate(input: $input) { id fromMonth toMonth monthlyFen } }`;
const REGISTER = `mutation($input: RegisterTeacherInput!) { registerTeacher(input: $input) { id } }`;
const PAID = `query($id: ID!) { teacher(id: $id) { id m1: monthlyAllowanceFen(month: "2019-03") m2: monthlyAllowanceFen(month: "2019-05") m3: monthlyAllowanceFen(month: "2019-07") m4: monthlyAllowanceFen(month: "2020-02") } }`;

/**
 * Issue 21 (allowance): a rate carries the month it takes effect; a correction for a past month
 * applies from that month on (until the next recorded change), and a correction of the same month
 * replaces the amount. Village 360323201201 (no demo school), tier 1, the county pays 50000 fen.
 *
 *   village rates set: 2019-01 60000, 2020-01 70000
 *   correction 2019-06 65000 → 2019-03 60000, 2019-05 60000, 2019-07 65000, 2020-02 70000
 *   correction 2019-01 62000 → 2019-03 62000, 2019-05 62000, 2019-07 65000, 2020-02 70000
 */
describe('allowance rate corrections with an effective month', () => {
  let graph: TestGraph;
  let admin: string;
  let teacherId: string;
  const VILLAGE = '360323201201';
  const paid = async () => {
    const r = await graph.succeed<{ teacher: Record<string, number> }>(PAID, { id: teacherId }, admin);
    return [r.teacher.m1, r.teacher.m2, r.teacher.m3, r.teacher.m4];
  };
  const set = (fromMonth: string, monthlyFen: number) =>
    graph.graphql<{ setAllowanceRate: { fromMonth: string; toMonth: string | null; monthlyFen: number } }>(
      SET_RATE,
      { input: { regionCode: VILLAGE, hardshipTier: 1, fromMonth, monthlyFen } },
      admin,
    );

  beforeAll(async () => {
    graph = await startTestGraph();
    admin = await graph.token({ role: 'COUNTY', regionCode: '360323', scopes: ['policy:admin'] });
    const [schoolId] = (await insertSchools(graph, [
      { code: '3636032980', name: '补助更正学校', type: 'PRIMARY', ownership: 'PUBLIC', regionCode: VILLAGE, inPovertyArea: true },
    ])) as [string];
    teacherId = (
      await graph.succeed<{ registerTeacher: { id: string } }>(
        REGISTER,
        { input: { name: '更正甲', idNumber: makeIdNumber('360323', '1988-05-06', 411), schoolId, postType: 'REGULAR', rural: true, hardshipTier: 1, startedOn: '2015-09-01' } },
        admin,
      )
    ).registerTeacher.id;
    for (const [month, fen] of [['2019-01', 60_000], ['2020-01', 70_000]] as const) {
      const r = await set(month, fen);
      if (r.errors) throw new Error(JSON.stringify(r.errors));
    }
  });
  afterAll(() => graph?.stop());

  it('applies a correction for a past month from that month on, until the next change', async () => {
    expect(await paid()).toEqual([60_000, 60_000, 60_000, 70_000]);
    const corrected = await set('2019-06', 65_000);
    expect(corrected.errors).toBeUndefined();
    expect(corrected.data!.setAllowanceRate).toEqual({ id: expect.any(String), fromMonth: '2019-06', toMonth: '2019-12', monthlyFen: 65_000 });
    expect(await paid()).toEqual([60_000, 60_000, 65_000, 70_000]);
  });

  it('replaces the amount of a rate corrected for its own month', async () => {
    const corrected = await set('2019-01', 62_000);
    expect(corrected.errors).toBeUndefined();
    expect(corrected.data!.setAllowanceRate).toMatchObject({ fromMonth: '2019-01', toMonth: '2019-05', monthlyFen: 62_000 });
    expect(await paid()).toEqual([62_000, 62_000, 65_000, 70_000]);
  });

  it('still refuses a correction below the floor, writing nothing', async () => {
    const below = await set('2019-03', 100);
    expect(below.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'input.monthlyFen' }] });
    expect(await paid()).toEqual([62_000, 62_000, 65_000, 70_000]);
  });
});

import { startTestGraph, type TestGraph } from '../../support';
import { DEMO_SCHOOLS } from '@epg/demo';

/**
 * Issue 20 item 6: a school is registered in, or moved to, a region on the register only. The
 * schools service asks the households service (the regions' owner) through the graph; a code of
 * the right shape naming no region is BAD_USER_INPUT on `input.regionCode`, and nothing is written.
 */
const COUNTY = '360323';
const NO_SUCH_TOWNSHIP = '360323199';
const PRIMARY = DEMO_SCHOOLS.find((s) => s.name === '宣风镇中心小学')!;
const REGISTER = `mutation($input: RegisterSchoolInput!) { registerSchool(input: $input) { id region { code name } } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateSchoolInput!) { updateSchool(id: $id, input: $input) { id region { code } } }`;
const school = (code: string, regionCode: string) => ({ code, name: `区划测试学校${code}`, type: 'PRIMARY', ownership: 'PUBLIC', regionCode, inPovertyArea: true });

describe('a school lies in a region on the register (issue 20 item 6)', () => {
  let graph: TestGraph;
  let county: string;
  const sql = (text: string, params: unknown[] = []) => graph.services.get('schools')!.dataSource.query(text, params);

  beforeAll(async () => {
    graph = await startTestGraph();
    county = await graph.token({ role: 'COUNTY', regionCode: COUNTY });
  });
  afterAll(() => graph?.stop());

  it('refuses to register a school in a township that does not exist, and writes nothing', async () => {
    const result = await graph.graphql(REGISTER, { input: school('3603239901', NO_SUCH_TOWNSHIP) }, county);
    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      issues: [{ path: 'input.regionCode', message: expect.stringMatching(/no region 360323199/) }],
    });
    expect(await sql(`SELECT id FROM school WHERE code = '3603239901'`)).toEqual([]);
    expect(await sql(`SELECT id FROM audit_entry WHERE operation = 'registerSchool' AND after->>'code' = '3603239901'`)).toEqual([]);
  });

  it('refuses a village code that does not exist', async () => {
    const result = await graph.graphql(REGISTER, { input: school('3603239902', '360323101999') }, county);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'input.regionCode' }] });
  });

  it('registers a school in a township on the register', async () => {
    const data = await graph.succeed<{ registerSchool: { region: { code: string; name: string } } }>(REGISTER, { input: school('3603239903', '360323101') }, county);
    expect(data.registerSchool.region).toEqual({ code: '360323101', name: '宣风镇' });
  });

  it('refuses to move a school to a region that does not exist, and leaves it where it was', async () => {
    const result = await graph.graphql(UPDATE, { id: PRIMARY.id, input: { regionCode: NO_SUCH_TOWNSHIP } }, county);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'input.regionCode', message: expect.stringMatching(/no region/) }] });
    expect((await sql(`SELECT region_code FROM school WHERE id = $1`, [PRIMARY.id]))[0].region_code).toBe(PRIMARY.regionCode);
  });
});

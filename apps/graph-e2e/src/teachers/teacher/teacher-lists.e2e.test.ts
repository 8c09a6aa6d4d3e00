import fs from 'node:fs';
import path from 'node:path';
import { buildSchema, getNamedType, isInputObjectType, type GraphQLInputType } from 'graphql';
import { DEMO_SCHOOLS, demoRecruits, demoTeachersData } from '@epg/demo';
import { startTestGraph, type TestGraph } from '../../support';

/**
 * Issue 21 (lists): teachers by post type (特岗, 定向, 支教…), school and region, paged — the
 * county's 83 特岗 and 49 定向 recruits of 2017 (seed 004) among them; and the hardship tier
 * stays the school's: no mutation writes it except through the school's own record, and a
 * 支教/rotation naming the receiving school rural or town against its record is refused.
 */
const LIST = `query($code: String!, $postType: TeacherPostType, $schoolId: ID, $first: Int!, $after: String) {
  teachers(regionCode: $code, postType: $postType, schoolId: $schoolId, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { id postType school { id } } }
  }
}`;
type Page = { teachers: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; edges: { node: { id: string; postType: string; school: { id: string } } }[] } };

const root = path.resolve(__dirname, '../../../../..');
const apiSchema = buildSchema(fs.readFileSync(path.join(root, 'libs/graph-client/schema.graphql'), 'utf8'));
const ZHANGJIAFANG = DEMO_SCHOOLS.find((s) => s.code === '3636032320')!; // 张佳坊小学, tier 3
const LUXI_PRIMARY = DEMO_SCHOOLS.find((s) => s.code === '3636032302')!; // 芦溪小学, town

describe('teacher lists by post type, school and region; the tier stays the school’s', () => {
  let graph: TestGraph;
  let county: string;
  const data = demoTeachersData();
  const schoolOf = (t: (typeof data.teachers)[number]) => t.postings[t.postings.length - 1]!.schoolId;

  beforeAll(async () => {
    graph = await startTestGraph();
    county = await graph.token({ role: 'COUNTY', regionCode: '360323' });
  });
  afterAll(() => graph?.stop());

  async function everyId(variables: Record<string, unknown>, token: string): Promise<{ ids: string[]; totalCount: number }> {
    const ids: string[] = [];
    let after: string | null = null;
    let totalCount = -1;
    for (;;) {
      const page: Page = await graph.succeed<Page>(LIST, { ...variables, first: 40, after }, token);
      totalCount = page.teachers.totalCount;
      ids.push(...page.teachers.edges.map((e) => e.node.id));
      if (!page.teachers.pageInfo.hasNextPage) break;
      after = page.teachers.pageInfo.endCursor;
    }
    return { ids: ids.sort(), totalCount };
  }

  it("lists one school's teachers, and one post type of it, every page", async () => {
    const staff = data.teachers.filter((t) => schoolOf(t) === ZHANGJIAFANG.id);
    const all = await everyId({ code: '360323', schoolId: ZHANGJIAFANG.id }, county);
    expect(all).toEqual({ ids: staff.map((t) => t.id).sort(), totalCount: staff.length });
    const special = staff.filter((t) => t.postType === 'SPECIAL_POST');
    expect(special.length).toBeGreaterThan(0);
    const bySchoolAndType = await everyId({ code: '360323', schoolId: ZHANGJIAFANG.id, postType: 'SPECIAL_POST' }, county);
    expect(bySchoolAndType).toEqual({ ids: special.map((t) => t.id).sort(), totalCount: special.length });
    // A school outside the region asked for lists nobody; an id that is no id is bad input.
    const elsewhere = await graph.succeed<Page>(LIST, { code: '360323101', schoolId: ZHANGJIAFANG.id, first: 5 }, county);
    expect(elsewhere.teachers.totalCount).toBe(0);
    const bad = await graph.graphql(LIST, { code: '360323', schoolId: 'not-an-id', first: 5 }, county);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'schoolId' }] });
  });

  it("counts seed 004's 83 特岗 and 49 定向 recruits of 2017 in the county's lists, a township its own only", async () => {
    const special = await everyId({ code: '360323', postType: 'SPECIAL_POST' }, county);
    expect(special.ids).toEqual(expect.arrayContaining(demoRecruits(data, 'SPECIAL_POST', 2017).map((t) => t.id)));
    expect(demoRecruits(data, 'SPECIAL_POST', 2017)).toHaveLength(83);
    const directed = await everyId({ code: '360323', postType: 'DIRECTED' }, county);
    expect(directed.totalCount).toBe(49);
    const township = ZHANGJIAFANG.regionCode.slice(0, 9);
    const officer = await graph.token({ role: 'TOWNSHIP', regionCode: township });
    const own = await everyId({ code: township, postType: 'DIRECTED' }, officer);
    expect(own.ids).toEqual(data.teachers.filter((t) => t.postType === 'DIRECTED' && t.postings.at(-1)!.regionCode.startsWith(township)).map((t) => t.id).sort());
    const county2 = await graph.graphql(LIST, { code: '360323', postType: 'DIRECTED', first: 5 }, officer);
    expect(JSON.stringify(county2.data ?? {})).not.toMatch(new RegExp(LUXI_PRIMARY.id));
  });

  it('has no mutation that writes a tier except through the school’s record, and refuses a rotation contradicting it', async () => {
    // Mutations taking a rural flag or hardship tier (arguments or input fields).
    const mentions = (type: GraphQLInputType): boolean => {
      const named = getNamedType(type);
      return isInputObjectType(named) && Object.values(named.getFields()).some((f) => /^(rural|hardshipTier|toRural)$/.test(f.name));
    };
    const writers = Object.values(apiSchema.getMutationType()!.getFields())
      .filter((f) => f.args.some((a) => /^(rural|hardshipTier|toRural)$/.test(a.name) || mentions(a.type)))
      .map((f) => f.name)
      .sort();
    // setAllowanceRate keys a rate by tier (policy), it sets no school's tier; the other three must agree with the school's record.
    expect(writers).toEqual(['moveTeacher', 'recordRotation', 'registerTeacher', 'setAllowanceRate']);

    const sql = (q: string, p: unknown[] = []) => graph.services.get('teachers')!.dataSource.query(q, p);
    const before = await sql(`SELECT rural, hardship_tier FROM school_hardship WHERE school_id = $1`, [ZHANGJIAFANG.id]);
    expect(before).toEqual([{ rural: true, hardship_tier: 3 }]);
    const town = data.teachers.find((t) => schoolOf(t) === LUXI_PRIMARY.id && !data.rotations.some((r) => r.teacherId === t.id))!;
    const wrong = await graph.graphql(
      `mutation($input: RecordRotationInput!) { recordRotation(input: $input) { id } }`,
      { input: { teacherId: town.id, kind: 'SUPPORT_TEACHING', toSchoolId: ZHANGJIAFANG.id, toRural: false, startDate: '2024-09-01', endDate: '2025-07-15' } },
      county,
    );
    expect(wrong.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'input.toRural' }] });
    const moved = await graph.graphql(
      `mutation($t: ID!, $s: ID!) { moveTeacher(teacherId: $t, schoolId: $s, on: "2024-09-01", rural: false, hardshipTier: 0) { id } }`,
      { t: town.id, s: ZHANGJIAFANG.id },
      county,
    );
    expect(moved.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await sql(`SELECT count(*)::int AS n FROM teacher_rotation WHERE teacher_id = $1`, [town.id])).toEqual([{ n: 0 }]);
    expect(await sql(`SELECT rural, hardship_tier FROM school_hardship WHERE school_id = $1`, [ZHANGJIAFANG.id])).toEqual(before);
  });
});

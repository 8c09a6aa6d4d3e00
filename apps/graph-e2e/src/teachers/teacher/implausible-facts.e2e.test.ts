import { DEMO_SCHOOLS, demoTeachersData } from '@epg/demo';
import { makeIdNumber } from '@epg/domain';
import { startTestGraph, type TestGraph } from '../../support';

/**
 * Issue 21 (implausible facts, teachers): a first day of service in 2099, a rotation overlapping
 * one already recorded for the teacher, and an exchange activity in the future are refused with
 * BAD_USER_INPUT naming the field; nothing is written. (The session date is 2026-12-06.)
 */
const LUXI_PRIMARY = DEMO_SCHOOLS.find((s) => s.code === '3636032302')!; // 芦溪小学, county seat (town)
const ZHANGJIAFANG = DEMO_SCHOOLS.find((s) => s.code === '3636032320')!; // 张佳坊小学, tier 3
const XINXIA = DEMO_SCHOOLS.find((s) => s.code === '3636032316')!; // 新下小学, tier 2

const REGISTER = `mutation($input: RegisterTeacherInput!) { registerTeacher(input: $input) { id } }`;
const ROTATE = `mutation($input: RecordRotationInput!) { recordRotation(input: $input) { id } }`;
const ACTIVITY = `mutation($id: ID!, $on: Date!) { recordExchangeActivity(input: { pairingId: $id, heldOn: $on, title: "同课异构" }) { id } }`;

type Errors = { extensions?: Record<string, unknown> }[] | undefined;
const issuePath = (errors: Errors) => ({
  code: errors?.[0]?.extensions?.code,
  path: (errors?.[0]?.extensions?.issues as { path: string }[] | undefined)?.[0]?.path,
});

describe('teachers: implausible facts are refused', () => {
  let graph: TestGraph;
  let county: string;
  const data = demoTeachersData();
  const count = async (table: string) => (await graph.services.get('teachers')!.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n as number;

  beforeAll(async () => {
    graph = await startTestGraph();
    county = await graph.token({ role: 'COUNTY', regionCode: '360323' });
  });
  afterAll(() => graph?.stop());

  it('refuses a first day of service in 2099, counting nobody', async () => {
    const before = await count('teacher');
    const result = await graph.graphql(
      REGISTER,
      { input: { name: '未来', idNumber: makeIdNumber('360323', '1990-03-04', 611), schoolId: ZHANGJIAFANG.id, postType: 'REGULAR', rural: true, hardshipTier: 3, startedOn: '2099-09-01' } },
      county,
    );
    expect(issuePath(result.errors)).toEqual({ code: 'BAD_USER_INPUT', path: 'input.startedOn' });
    expect(await count('teacher')).toBe(before);
  });

  it('refuses a rotation overlapping one already recorded for the teacher', async () => {
    const teacher = data.teachers.find((t) => t.postings.at(-1)!.schoolId === LUXI_PRIMARY.id && !data.rotations.some((r) => r.teacherId === t.id))!;
    const first = await graph.graphql(
      ROTATE,
      { input: { teacherId: teacher.id, kind: 'SUPPORT_TEACHING', toSchoolId: ZHANGJIAFANG.id, toRural: true, startDate: '2022-09-01', endDate: '2023-07-15' } },
      county,
    );
    expect(first.errors).toBeUndefined();
    const before = await count('teacher_rotation');
    const overlapping = await graph.graphql(
      ROTATE,
      { input: { teacherId: teacher.id, kind: 'ROTATION', toSchoolId: XINXIA.id, toRural: true, startDate: '2023-03-01', endDate: '2024-01-20' } },
      county,
    );
    expect(issuePath(overlapping.errors)).toEqual({ code: 'BAD_USER_INPUT', path: 'input.startDate' });
    const openEnded = await graph.graphql(
      ROTATE,
      { input: { teacherId: teacher.id, kind: 'ROTATION', toSchoolId: XINXIA.id, toRural: true, startDate: '2021-09-01' } },
      county,
    );
    expect(issuePath(openEnded.errors)).toEqual({ code: 'BAD_USER_INPUT', path: 'input.startDate' });
    expect(await count('teacher_rotation')).toBe(before);
    const after = await graph.graphql(
      ROTATE,
      { input: { teacherId: teacher.id, kind: 'ROTATION', toSchoolId: XINXIA.id, toRural: true, startDate: '2023-09-01', endDate: '2024-07-15' } },
      county,
    );
    expect(after.errors).toBeUndefined();
  });

  it('refuses an exchange activity in the future', async () => {
    const pairing = data.pairings[0]!;
    const before = await count('exchange_activity');
    const future = await graph.graphql(ACTIVITY, { id: pairing.id, on: '2027-03-01' }, county);
    expect(issuePath(future.errors)).toEqual({ code: 'BAD_USER_INPUT', path: 'input.heldOn' });
    expect(await count('exchange_activity')).toBe(before);
  });
});

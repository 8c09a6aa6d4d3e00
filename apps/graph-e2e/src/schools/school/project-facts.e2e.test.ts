import { startTestGraph, type TestGraph } from '../../support';
import { DEMO_SCHOOLS } from '@epg/demo';

/**
 * Issue 20 item 6: a project cannot be created already under way, completed or ACCEPTED (it has
 * no history to stand on), and its spending stays within its budget plus the 10% overrun an
 * approved estimate tolerates (超概算10%须重新报批). Refusals write nothing.
 */
const COUNTY = '360323';
const PRIMARY = DEMO_SCHOOLS.find((s) => s.type === 'PRIMARY')!;
const PROJECT = `mutation($input: CreateProjectInput!) { createProject(input: $input) { id status } }`;
const STATUS = `mutation($input: ChangeProjectStatusInput!) { changeProjectStatus(input: $input) { id status spentFen } }`;
const project = (n: number, over: Record<string, unknown> = {}) => ({
  schoolId: PRIMARY.id,
  name: `校舍改造${n}`,
  kind: '改薄',
  budgetFen: 1_000_000,
  funding: { financeFen: 1_000_000, povertyAlleviationLoanFen: 0, socialFen: 0 },
  ...over,
});

describe('school and project facts (issue 20 item 6)', () => {
  let graph: TestGraph;
  let county: string;
  const count = async () => Number((await graph.services.get('schools')!.dataSource.query(`SELECT count(*) AS n FROM improvement_project`))[0].n);

  beforeAll(async () => {
    graph = await startTestGraph();
    county = await graph.token({ role: 'COUNTY', regionCode: COUNTY });
  });
  afterAll(() => graph?.stop());

  it.each(['UNDER_CONSTRUCTION', 'COMPLETED', 'ACCEPTED'])('refuses a project created already %s', async (status) => {
    const before = await count();
    const result = await graph.graphql(PROJECT, { input: project(1, { status, on: '2024-05-01' }) }, county);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'input.status', message: expect.stringMatching(/PLANNED or APPROVED/) }] });
    expect(await count()).toBe(before);
  });

  it('creates a project PLANNED or APPROVED', async () => {
    expect((await graph.succeed<{ createProject: { status: string } }>(PROJECT, { input: project(2, { status: 'APPROVED', on: '2024-05-01' }) }, county)).createProject.status).toBe('APPROVED');
    expect((await graph.succeed<{ createProject: { status: string } }>(PROJECT, { input: project(3) }, county)).createProject.status).toBe('PLANNED');
  });

  it('refuses spending beyond the budget and its 10% overrun, and takes spending within it', async () => {
    const created = await graph.succeed<{ createProject: { id: string } }>(PROJECT, { input: project(4, { status: 'APPROVED', on: '2024-05-01' }) }, county);
    const projectId = created.createProject.id;
    const wild = await graph.graphql(STATUS, { input: { projectId, status: 'UNDER_CONSTRUCTION', on: '2024-06-01', spentFen: 6_666_000_000 } }, county);
    expect(wild.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'input.spentFen', message: expect.stringMatching(/budget of 1000000 fen/) }] });
    const over = await graph.graphql(STATUS, { input: { projectId, status: 'UNDER_CONSTRUCTION', on: '2024-06-01', spentFen: 1_100_001 } }, county);
    expect(over.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const ok = await graph.graphql(STATUS, { input: { projectId, status: 'UNDER_CONSTRUCTION', on: '2024-06-01', spentFen: 1_100_000 } }, county);
    expect(ok.errors).toBeUndefined();
    expect(ok.data).toMatchObject({ changeProjectStatus: { status: 'UNDER_CONSTRUCTION', spentFen: 1_100_000 } });
  });

  it("refuses a change of school type its ENROLLED pupils would not fit, and takes one they fit", async () => {
    // The demo's primary school has ENROLLED primary pupils of 2023: a junior middle school teaches none of them.
    const UPDATE = `mutation($id: ID!, $input: UpdateSchoolInput!) { updateSchool(id: $id, input: $input) { id type } }`;
    const ds = graph.services.get('schools')!.dataSource;
    const [{ n }] = await ds.query(`SELECT count(*) AS n FROM enrolment WHERE school_id = $1 AND status = 'ENROLLED'`, [PRIMARY.id]);
    expect(Number(n)).toBeGreaterThan(0);
    const junior = await graph.graphql(UPDATE, { id: PRIMARY.id, input: { type: 'JUNIOR_SECONDARY' } }, county);
    expect(junior.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'input.type', message: expect.stringMatching(/ENROLLED pupil/) }] });
    expect((await ds.query(`SELECT type FROM school WHERE id = $1`, [PRIMARY.id]))[0].type).toBe('PRIMARY');
    const nineYear = await graph.graphql(UPDATE, { id: PRIMARY.id, input: { type: 'NINE_YEAR' } }, county);
    expect(nineYear.errors).toBeUndefined();
    expect(nineYear.data).toEqual({ updateSchool: { id: PRIMARY.id, type: 'NINE_YEAR' } });
  });
});

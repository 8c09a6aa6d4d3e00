import { DEMO_SCHOOLS } from '@epg/demo';
import { startTestGraph, type TestGraph } from '../../support';

/**
 * Issue 20, what officers need: facility gaps and projects listed by region, programme and status
 * (paged); a gap edited or cancelled with a reason (a gap a project closed cannot be cancelled);
 * project funding by source with totals, in exact fen beyond 32 bits.
 */
const COUNTY = '360323';
const PRIMARY = DEMO_SCHOOLS.find((s) => s.name === '宣风镇中心小学')!;
const PROGRAMME = '测试教育扶贫工程 (e2e)';

const GAP_FIELDS = `id category description estimatedCostFen recordedOn status cancelledOn cancelReason closed`;
const RECORD_GAP = `mutation($input: FacilityGapInput!) { recordFacilityGap(input: $input) { ${GAP_FIELDS} } }`;
const EDIT_GAP = `mutation($input: EditFacilityGapInput!) { editFacilityGap(input: $input) { ${GAP_FIELDS} } }`;
const CANCEL_GAP = `mutation($input: CancelFacilityGapInput!) { cancelFacilityGap(input: $input) { ${GAP_FIELDS} } }`;
const CREATE_PROJECT = `mutation($input: CreateProjectInput!) { createProject(input: $input) { id status } }`;
const CHANGE_STATUS = `mutation($input: ChangeProjectStatusInput!) { changeProjectStatus(input: $input) { id status } }`;
const GAPS = `query($r: String!, $c: FacilityCategory, $s: FacilityGapStatus, $first: Int!, $after: String) {
  facilityGaps(regionCode: $r, category: $c, status: $s, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { id category status school { id } } } } }`;
const PROJECTS = `query($r: String!, $p: String, $s: ProjectStatus, $first: Int!, $after: String) {
  improvementProjects(regionCode: $r, programme: $p, status: $s, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { id name programme status budgetFen } } } }`;
const TOTALS = `query($r: String!, $p: String, $s: ProjectStatus) {
  projectFundingTotals(regionCode: $r, programme: $p, status: $s) { projects budgetFen spentFen bySource { source amountFen projects } } }`;
const SUMMARY = `query($r: String!) { region(code: $r) { facilitySummary { outstandingGapCostFen } } }`;

type Gap = { id: string; status: string; estimatedCostFen: number; cancelledOn: string | null; cancelReason: string | null; description: string };

describe('facility ledger lists, gap edits and cancellations, funding totals (issue 20)', () => {
  let graph: TestGraph;
  let county: string;
  let seq = 0;
  const sql = (text: string, params: unknown[] = []) => graph.services.get('schools')!.dataSource.query(text, params);
  const gap = async (over: Record<string, unknown> = {}) =>
    (
      await graph.succeed<{ recordFacilityGap: Gap }>(
        RECORD_GAP,
        { input: { schoolId: PRIMARY.id, category: 'TOILETS', description: `旱厕改造 ${++seq}`, estimatedCostFen: 5_000_000, recordedOn: '2024-03-01', ...over } },
        county,
      )
    ).recordFacilityGap;
  const project = async (over: Record<string, unknown>) =>
    (
      await graph.succeed<{ createProject: { id: string } }>(
        CREATE_PROJECT,
        { input: { schoolId: PRIMARY.id, name: `测试项目${++seq}`, kind: '改薄', programme: PROGRAMME, budgetFen: 1_000_000, funding: { financeFen: 1_000_000, povertyAlleviationLoanFen: 0, socialFen: 0 }, ...over } },
        county,
      )
    ).createProject.id;
  const code = (result: { errors?: { extensions?: Record<string, unknown> }[] }) => result.errors?.[0]?.extensions?.code;

  beforeAll(async () => {
    graph = await startTestGraph();
    county = await graph.token({ role: 'COUNTY', regionCode: COUNTY, subject: 'facility-officer' });
  });
  afterAll(() => graph?.stop());

  describe('editing and cancelling a gap', () => {
    it('edits a gap with a reason: a cost beyond 32 bits read back exactly, audited with both images', async () => {
      const g = await gap();
      const edited = await graph.succeed<{ editFacilityGap: Gap }>(EDIT_GAP, { input: { gapId: g.id, estimatedCostFen: 25_000_000_000, reason: '复核后调整概算' } }, county);
      expect(edited.editFacilityGap).toMatchObject({ estimatedCostFen: 25_000_000_000, status: 'OPEN' });
      const [entry] = await sql(`SELECT data_region, before, after FROM audit_entry WHERE operation = 'editFacilityGap' AND entity_id = $1`, [g.id]);
      expect(entry).toMatchObject({ data_region: PRIMARY.regionCode, before: { estimatedCostFen: 5_000_000 }, after: { estimatedCostFen: 25_000_000_000, reason: '复核后调整概算' } });
      const same = await graph.graphql(EDIT_GAP, { input: { gapId: g.id, estimatedCostFen: 25_000_000_000, reason: '重复' } }, county);
      expect(same.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'input', message: expect.stringMatching(/nothing to edit/) }] });
      const future = await graph.graphql(EDIT_GAP, { input: { gapId: g.id, recordedOn: '2031-01-01', reason: '改期' } }, county);
      expect(future.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'input.recordedOn' }] });
    });

    it('cancels a gap with a date and a reason: no longer outstanding, and then final', async () => {
      const summaryCost = async () => (await graph.succeed<{ region: { facilitySummary: { outstandingGapCostFen: number } } }>(SUMMARY, { r: COUNTY }, county)).region.facilitySummary.outstandingGapCostFen;
      const g = await gap({ estimatedCostFen: 7_000_000 });
      const before = await summaryCost();
      const cancelled = await graph.succeed<{ cancelFacilityGap: Gap }>(CANCEL_GAP, { input: { gapId: g.id, on: '2024-04-01', reason: '重复录入' } }, county);
      expect(cancelled.cancelFacilityGap).toMatchObject({ status: 'CANCELLED', cancelledOn: '2024-04-01', cancelReason: '重复录入' });
      expect(await summaryCost()).toBe(before - 7_000_000);
      const again = await graph.graphql(CANCEL_GAP, { input: { gapId: g.id, on: '2024-04-02', reason: '再次' } }, county);
      expect(again.errors?.[0]).toMatchObject({ message: expect.stringMatching(/cancelled on 2024-04-01/), extensions: { code: 'CONFLICT' } });
      expect(code(await graph.graphql(EDIT_GAP, { input: { gapId: g.id, description: '改', reason: '改' } }, county))).toBe('CONFLICT');
      const linked = await graph.graphql(CREATE_PROJECT, { input: { schoolId: PRIMARY.id, name: '关闭已撤销缺口', kind: '改薄', budgetFen: 0, funding: { financeFen: 0, povertyAlleviationLoanFen: 0, socialFen: 0 }, closesGapIds: [g.id] } }, county);
      expect(linked.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'input.closesGapIds' }] });
    });

    it('refuses to cancel a gap an accepted project closed, or one a project under way is to close; nothing is written', async () => {
      const closed = await gap();
      const underWay = await gap();
      const accepted = await project({ closesGapIds: [closed.id], status: 'APPROVED', on: '2024-03-10' });
      for (const [status, on] of [['UNDER_CONSTRUCTION', '2024-04-01'], ['COMPLETED', '2024-06-01'], ['ACCEPTED', '2024-07-01']]) {
        await graph.succeed(CHANGE_STATUS, { input: { projectId: accepted, status, on } }, county);
      }
      await project({ closesGapIds: [underWay.id] });
      const refusedClosed = await graph.graphql(CANCEL_GAP, { input: { gapId: closed.id, on: '2024-08-01', reason: '撤销' } }, county);
      expect(refusedClosed.errors?.[0]).toMatchObject({ message: expect.stringMatching(/closed by the accepted project/), extensions: { code: 'CONFLICT' } });
      const refusedUnderWay = await graph.graphql(CANCEL_GAP, { input: { gapId: underWay.id, on: '2024-08-01', reason: '撤销' } }, county);
      expect(refusedUnderWay.errors?.[0]).toMatchObject({ message: expect.stringMatching(/is to close the gap/), extensions: { code: 'CONFLICT' } });
      expect(await sql(`SELECT count(*)::int AS n FROM facility_gap WHERE id = ANY($1) AND cancelled_on IS NOT NULL`, [[closed.id, underWay.id]])).toEqual([{ n: 0 }]);
      expect(await sql(`SELECT count(*)::int AS n FROM audit_entry WHERE operation = 'cancelFacilityGap' AND entity_id = ANY($1)`, [[closed.id, underWay.id]])).toEqual([{ n: 0 }]);
    });

    it('refuses a cancellation dated before the gap was recorded, and answers a gap outside the region as not found', async () => {
      const g = await gap({ recordedOn: '2024-05-01' });
      const early = await graph.graphql(CANCEL_GAP, { input: { gapId: g.id, on: '2024-04-01', reason: '撤销' } }, county);
      expect(early.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'input.on', message: expect.stringMatching(/before the gap was recorded/) }] });
      const outsider = await graph.token({ role: 'COUNTY', regionCode: '360322' });
      expect(code(await graph.graphql(CANCEL_GAP, { input: { gapId: g.id, on: '2024-06-01', reason: '撤销' } }, outsider))).toBe('NOT_FOUND');
    });
  });

  describe('lists by region, programme and status', () => {
    it('pages the gaps of a region by status and category, each once', async () => {
      const [{ n }] = await sql(`SELECT count(*)::int AS n FROM facility_gap WHERE region_code LIKE '360323%' AND category = 'TOILETS' AND cancelled_on IS NOT NULL`);
      const cancelled = await graph.succeed<{ facilityGaps: { totalCount: number; edges: { node: { status: string; category: string } }[] } }>(GAPS, { r: COUNTY, c: 'TOILETS', s: 'CANCELLED', first: 50 }, county);
      expect(cancelled.facilityGaps.totalCount).toBe(n);
      expect(cancelled.facilityGaps.edges.every((e) => e.node.status === 'CANCELLED' && e.node.category === 'TOILETS')).toBe(true);
      const open = await graph.succeed<{ facilityGaps: { totalCount: number } }>(GAPS, { r: COUNTY, s: 'OPEN', first: 1 }, county);
      const closed = await graph.succeed<{ facilityGaps: { totalCount: number } }>(GAPS, { r: COUNTY, s: 'CLOSED', first: 1 }, county);
      const all = await graph.succeed<{ facilityGaps: { totalCount: number } }>(GAPS, { r: COUNTY, first: 1 }, county);
      expect(closed.facilityGaps.totalCount).toBeGreaterThan(0);
      expect(open.facilityGaps.totalCount + closed.facilityGaps.totalCount + (await graph.succeed<{ facilityGaps: { totalCount: number } }>(GAPS, { r: COUNTY, s: 'CANCELLED', first: 1 }, county)).facilityGaps.totalCount).toBe(all.facilityGaps.totalCount);
      const seen: string[] = [];
      let after: string | null = null;
      do {
        const page: { facilityGaps: { pageInfo: { hasNextPage: boolean; endCursor: string }; edges: { node: { id: string } }[] } } = await graph.succeed(GAPS, { r: COUNTY, first: 7, after }, county);
        seen.push(...page.facilityGaps.edges.map((e) => e.node.id));
        after = page.facilityGaps.pageInfo.hasNextPage ? page.facilityGaps.pageInfo.endCursor : null;
      } while (after);
      expect(new Set(seen).size).toBe(all.facilityGaps.totalCount);
      const hubei = await graph.token({ role: 'COUNTY', regionCode: '420102' });
      expect(code(await graph.graphql(GAPS, { r: COUNTY, first: 5 }, hubei))).toBe('FORBIDDEN');
    });

    it('lists the projects of a region by programme and status', async () => {
      const data = await graph.succeed<{ improvementProjects: { totalCount: number; edges: { node: { programme: string; status: string } }[] } }>(PROJECTS, { r: COUNTY, p: PROGRAMME, first: 50 }, county);
      expect(data.improvementProjects.totalCount).toBeGreaterThanOrEqual(2);
      expect(data.improvementProjects.edges.every((e) => e.node.programme === PROGRAMME)).toBe(true);
      const accepted = await graph.succeed<{ improvementProjects: { edges: { node: { status: string } }[] } }>(PROJECTS, { r: COUNTY, p: PROGRAMME, s: 'ACCEPTED', first: 50 }, county);
      expect(accepted.improvementProjects.edges.map((e) => e.node.status)).toEqual(['ACCEPTED']);
      const [{ n }] = await sql(`SELECT count(*)::int AS n FROM improvement_project WHERE region_code LIKE '360323%'`);
      expect((await graph.succeed<{ improvementProjects: { totalCount: number } }>(PROJECTS, { r: COUNTY, first: 1 }, county)).improvementProjects.totalCount).toBe(n);
    });
  });

  describe('funding by source with totals', () => {
    it('sums each source exactly, beyond 32 bits, for a programme', async () => {
      const programme = '资金来源合计测试';
      await project({ programme, budgetFen: 3_000_000_000_123, funding: { financeFen: 3_000_000_000_000, povertyAlleviationLoanFen: 123, socialFen: 0 } });
      await project({ programme, budgetFen: 40_000_000_001, funding: { financeFen: 0, povertyAlleviationLoanFen: 40_000_000_000, socialFen: 1 } });
      const totals = await graph.succeed<{ projectFundingTotals: unknown }>(TOTALS, { r: COUNTY, p: programme }, county);
      expect(totals.projectFundingTotals).toEqual({
        projects: 2,
        budgetFen: 3_040_000_000_124,
        spentFen: 0,
        bySource: [
          { source: 'FINANCE', amountFen: 3_000_000_000_000, projects: 1 },
          { source: 'POVERTY_ALLEVIATION_LOAN', amountFen: 40_000_000_123, projects: 2 },
          { source: 'SOCIAL', amountFen: 1, projects: 1 },
        ],
      });
    });

    it('answers the county as a whole only to those who see it whole', async () => {
      const [row] = await sql(`SELECT count(*)::int AS n, coalesce(sum(budget_fen), 0)::text AS budget FROM improvement_project WHERE region_code LIKE '360323%'`);
      const all = await graph.succeed<{ projectFundingTotals: { projects: number; budgetFen: number } }>(TOTALS, { r: COUNTY }, county);
      expect(all.projectFundingTotals).toMatchObject({ projects: row.n, budgetFen: Number(row.budget) });
      const township = await graph.token({ role: 'TOWNSHIP', regionCode: PRIMARY.regionCode });
      expect(code(await graph.graphql(TOTALS, { r: COUNTY }, township))).toBe('FORBIDDEN');
      expect((await graph.succeed<{ projectFundingTotals: { projects: number } }>(TOTALS, { r: PRIMARY.regionCode }, township)).projectFundingTotals.projects).toBeGreaterThan(0);
    });
  });
});

import { startTestGraph, type TestGraph } from '../../support';
import { ageAtAcademicYearStart, isCompulsorySchoolAge } from '@epg/domain';
import { demoEnrolments, demoHouseholds } from '@epg/demo';

/**
 * Issue 20 item 1: a dropout scan for one academic year touches only that year's cases. A 2022
 * scan once closed an open 2023 case as "enrolled in 2022".
 */
const SCAN = /* GraphQL */ `
  mutation ScanForDropouts($regionCode: String!, $academicYear: Int!) {
    scanForDropouts(regionCode: $regionCode, academicYear: $academicYear) { opened alreadyOpen closedAsEnrolled }
  }
`;

const CASES = /* GraphQL */ `
  query DropoutCases($regionCode: String!, $status: DropoutCaseStatus, $first: Int!) {
    dropoutCases(regionCode: $regionCode, status: $status, first: $first) {
      totalCount
      edges { node { id status academicYear person { id } } }
    }
  }
`;

type CaseNode = { id: string; status: string; academicYear: number; person: { id: string } };
type CasePage = { dropoutCases: { totalCount: number; edges: { node: CaseNode }[] } };

const COUNTY = '360323';

function unenrolledIn(year: number) {
  const enrolled = new Set(demoEnrolments(year).map((e) => e.personId));
  return demoHouseholds()
    .filter((h) => h.statusHistory[h.statusHistory.length - 1]!.status !== 'REMOVED')
    .flatMap((h) => h.members.map((m) => ({ ...m, villageCode: h.villageCode })))
    // A child 16 at the start of the next year has aged out of a year that is over: no case is opened.
    .filter((m) => isCompulsorySchoolAge(m.birthDate, year) && ageAtAcademicYearStart(m.birthDate, year + 1) <= 15 && !enrolled.has(m.id));
}

describe('dropout scans by academic year', () => {
  let graph: TestGraph;
  let county: string;
  const missing2023 = unenrolledIn(2023);

  beforeAll(async () => {
    graph = await startTestGraph();
    county = await graph.token({ role: 'COUNTY', regionCode: COUNTY });
  });
  afterAll(() => graph?.stop());

  async function allCases(): Promise<CaseNode[]> {
    const page = await graph.graphql<CasePage>(CASES, { regionCode: COUNTY, first: 500 }, county);
    expect(page.errors).toBeUndefined();
    return page.data!.dropoutCases.edges.map((e) => e.node);
  }

  it('a scan of another year leaves the open cases of 2023 open, even for children enrolled in that other year', async () => {
    const first = await graph.graphql(SCAN, { regionCode: COUNTY, academicYear: 2023 }, county);
    expect(first.data).toEqual({ scanForDropouts: { opened: missing2023.length, alreadyOpen: 0, closedAsEnrolled: 0 } });

    // Most children with an open 2023 case were at school in 2022 (the seeds enrol both years).
    const enrolled2022 = new Set(demoEnrolments(2022).map((e) => e.personId));
    const atSchoolIn2022 = missing2023.filter((m) => enrolled2022.has(m.id));
    expect(atSchoolIn2022.length).toBeGreaterThan(0);

    const scan2022 = await graph.graphql<{ scanForDropouts: { closedAsEnrolled: number; alreadyOpen: number; opened: number } }>(
      SCAN,
      { regionCode: COUNTY, academicYear: 2022 },
      county,
    );
    expect(scan2022.errors).toBeUndefined();
    expect(scan2022.data!.scanForDropouts.closedAsEnrolled).toBe(0);
    expect(scan2022.data!.scanForDropouts.alreadyOpen).toBe(0);

    const cases = await allCases();
    const of2023 = cases.filter((c) => c.academicYear === 2023);
    expect(of2023).toHaveLength(missing2023.length);
    expect(of2023.every((c) => c.status === 'SUSPECTED')).toBe(true);
    // The 2022 scan opened 2022's own cases (one per unenrolled child of that year), the enrolled child's not among them.
    const of2022 = cases.filter((c) => c.academicYear === 2022);
    expect(of2022).toHaveLength(scan2022.data!.scanForDropouts.opened);
    expect(of2022.length).toBeGreaterThan(0);
    expect(of2022.some((c) => atSchoolIn2022.some((m) => m.id === c.person.id))).toBe(false);
  });

  it('a second scan of 2023 counts only 2023 cases as already open and opens none', async () => {
    const again = await graph.graphql(SCAN, { regionCode: COUNTY, academicYear: 2023 }, county);
    expect(again.data).toEqual({ scanForDropouts: { opened: 0, alreadyOpen: missing2023.length, closedAsEnrolled: 0 } });
  });
});

import { DEMO_SCHOOLS } from '@epg/demo';
import { makeIdNumber } from '@epg/domain';
import { ChangeHouseholdStatusDocument, ComputeEntitlementsDocument, EnrolStudentDocument } from '@epg/graph-client';
import { seedPolicySets } from '@epg/subsidies';
import { startTestGraph, type TestGraph } from '../../support';

const VILLAGE = '360323101201';
const REGISTER = `mutation($input: RegisterHouseholdInput!) { registerHousehold(input: $input) { id members { id relationToHead } } }`;
const JUNIOR = DEMO_SCHOOLS.find((s) => s.name === '宣风镇中学')!;
const PRIMARY = DEMO_SCHOOLS.find((s) => s.name === '宣风镇中心小学')!;

/**
 * Issue 19 item 2: back-pay (补发) uses the household's dated status history in the academic year
 * concerned (and its identification date), never its status today.
 */
describe('eligibility for a year follows the household status history of that year', () => {
  let graph: TestGraph;
  let officer: string;
  let serial = 0;
  const sql = (query: string, params: unknown[] = []) => graph.services.get('subsidies')!.dataSource.query(query, params);
  const liveRules = async (personId: string, year: number): Promise<string[]> =>
    (await sql(`SELECT rule_code FROM entitlement WHERE person_id = $1 AND academic_year = $2 AND status <> 'CANCELLED' ORDER BY rule_code`, [personId, year])).map(
      (r: { rule_code: string }) => r.rule_code,
    );
  /** A registry household with a child born in February 2013; returns the household and child ids. */
  const register = async (identifiedOn: string) => {
    serial += 1;
    const input = {
      registrationNumber: `H${VILLAGE}${String(serial).padStart(4, '0')}`,
      villageCode: VILLAGE,
      category: 'POVERTY_REGISTERED',
      povertyCauses: ['ILLNESS'],
      annualIncomePerCapitaFen: 310000,
      identifiedOn,
      members: [
        { name: `户主历史${serial}`, idNumber: makeIdNumber('360323', '1979-01-15', 500 + serial * 2 + 1), relationToHead: 'HEAD' },
        { name: `子女历史${serial}`, idNumber: makeIdNumber('360323', '2013-02-20', 500 + serial * 2), relationToHead: 'CHILD' },
      ],
    };
    const registered = await graph.graphql(REGISTER, { input }, officer);
    expect(registered.errors).toBeUndefined();
    const household = registered.data!.registerHousehold as { id: string; members: { id: string; relationToHead: string }[] };
    return { householdId: household.id, childId: household.members.find((m) => m.relationToHead === 'CHILD')!.id };
  };
  const enrol = async (personId: string, academicYear: number, school: { id: string }, stage: 'PRIMARY' | 'JUNIOR', grade: number) => {
    const enrolled = await graph.graphql(EnrolStudentDocument, { input: { personId, schoolId: school.id, academicYear, stage, grade, boarding: true } }, officer);
    expect(enrolled.errors).toBeUndefined();
  };
  const compute = async (regionCode: string, academicYear: number) => {
    const result = await graph.graphql(ComputeEntitlementsDocument, { regionCode, academicYear }, officer);
    expect(result.errors).toBeUndefined();
    return result.data!.computeEntitlements;
  };
  const changeStatus = async (householdId: string, status: 'EXITED' | 'RELAPSED', on: string) => {
    const changed = await graph.graphql(ChangeHouseholdStatusDocument, { householdId, status, on, reason: status === 'EXITED' ? '脱贫' : '返贫' }, officer);
    expect(changed.errors).toBeUndefined();
  };

  beforeAll(async () => {
    graph = await startTestGraph();
    officer = await graph.token({ role: 'COUNTY', regionCode: '360323', scopes: ['subsidy:approve', 'policy:admin', 'pii:read'] });
  });
  afterAll(() => graph?.stop());

  it('gives a household first identified in October 2026 no back-pay for academic year 2025', async () => {
    const { childId } = await register('2026-10-15');
    await enrol(childId, 2025, JUNIOR, 'JUNIOR', 1);
    await enrol(childId, 2026, JUNIOR, 'JUNIOR', 2);
    await compute(JUNIOR.regionCode, 2025);
    expect(await liveRules(childId, 2025)).toEqual([]);
    // Identified in its own academic year (2026): due then.
    await compute(JUNIOR.regionCode, 2026);
    expect(await liveRules(childId, 2026)).toContain('A-BRD-JUN');
  });

  it('under a set where exited households lose benefits, gives none for the span a relapsed household had exited', async () => {
    // Set A amended: exited households lose their benefits (as set C says).
    const setA = seedPolicySets().find((s) => s.code === 'A')!;
    const amended = await graph.graphql<{ amendPolicySet: { version: number; exitedKeepBenefits: boolean } }>(
      `mutation($code: String!, $input: PolicySetInput!) { amendPolicySet(code: $code, input: $input) { version exitedKeepBenefits } }`,
      { code: 'A', input: { ...setA, exitedKeepBenefits: false, rules: JSON.stringify(setA.rules) } },
      officer,
    );
    expect(amended.errors).toBeUndefined();
    expect(amended.data!.amendPolicySet.exitedKeepBenefits).toBe(false);
    const { householdId, childId } = await register('2016-03-01');
    await changeStatus(householdId, 'EXITED', '2023-12-01'); // academic year 2023
    await changeStatus(householdId, 'RELAPSED', '2025-10-01'); // academic year 2025
    await enrol(childId, 2023, PRIMARY, 'PRIMARY', 5);
    await enrol(childId, 2024, PRIMARY, 'PRIMARY', 6);
    await enrol(childId, 2025, JUNIOR, 'JUNIOR', 1);
    for (const [year, school] of [[2023, PRIMARY], [2024, PRIMARY], [2025, JUNIOR]] as const) await compute(school.regionCode, year);
    // The year of exit still counts; the exited span does not; the year of the relapse does.
    expect(await liveRules(childId, 2023)).toContain('A-BRD-PRI');
    expect(await liveRules(childId, 2024)).toEqual([]);
    expect(await liveRules(childId, 2025)).toContain('A-BRD-JUN');
  });
});

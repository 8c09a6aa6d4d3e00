import { DEMO_SCHOOLS } from '@epg/demo';
import { makeIdNumber, maskIdNumber } from '@epg/domain';
import { insertSchools, startTestGraph, type TestGraph } from '../../support';

/**
 * Issue 18, items 2, 12 and 13 — the audit trail, attacked through the gateway:
 * - 2: an auditor without `pii:read` read full ID numbers and birth dates in before/after images;
 * - 12: the caller chose `x-request-id`, which became the audit entry's request id;
 * - 13: the trail was filtered by the actor's region, so a county's auditor never saw province
 *   staff reading or changing the county's data.
 */

const VILLAGE = '360323103201'; // a demo village of 南坑镇, 芦溪县 (county X = 360323)
const COUNTY_X = '360323';
const COUNTY_Y = '360322'; // 上栗县, another county of 萍乡市
const DALING = DEMO_SCHOOLS.find((s) => s.code === '3636032312')!; // a demo school of county X

const REGISTER_HOUSEHOLD = `mutation($input: RegisterHouseholdInput!) { registerHousehold(input: $input) { id members { id } } }`;
const CHANGE_STATUS = `mutation($id: ID!) {
  changeHouseholdStatus(householdId: $id, status: EXITED, on: "2020-12-01", reason: "脱贫") { id status }
}`;
const READ_ID_NUMBER = `query($id: ID!) { person(id: $id) { idNumber(reason: "核对身份") } }`;
const REGISTER_TEACHER = `mutation($input: RegisterTeacherInput!) { registerTeacher(input: $input) { id } }`;
const MOVE_TEACHER = `mutation($teacherId: ID!, $schoolId: ID!) { moveTeacher(teacherId: $teacherId, schoolId: $schoolId, on: "2021-03-01") { id } }`;

const ENTRY_FIELDS = 'subject role actorRegion dataRegion requestId clientRequestId operation entityType entityId before after';
const trailQuery = (service: 'households' | 'teachers') => `query($id: String, $operation: String) {
  ${service}AuditTrail(entityId: $id, operation: $operation, first: 50) { totalCount edges { node { ${ENTRY_FIELDS} } } }
}`;

interface Entry {
  subject: string;
  role: string;
  actorRegion: string;
  dataRegion: string;
  requestId: string | null;
  clientRequestId: string | null;
  operation: string;
  entityType: string;
  entityId: string | null;
  before: string | null;
  after: string | null;
}

let serial = 0;
function newHousehold() {
  serial += 1;
  return {
    registrationNumber: `A${VILLAGE}${String(serial).padStart(4, '0')}`,
    villageCode: VILLAGE,
    category: 'POVERTY_REGISTERED',
    povertyCauses: ['LACK_OF_SKILLS'],
    annualIncomePerCapitaFen: 290000,
    identifiedOn: '2016-04-01',
    members: [
      { name: `户主A${serial}`, idNumber: makeIdNumber('360323', '1979-03-14', 500 + serial * 2 + 1), relationToHead: 'HEAD' },
      { name: `子女A${serial}`, idNumber: makeIdNumber('360323', '2012-08-09', 500 + serial * 2), relationToHead: 'CHILD' },
    ],
  };
}

describe('the audit trail under attack (issue 18: items 2, 12, 13)', () => {
  let graph: TestGraph;
  let province: string;
  const household = newHousehold();
  let householdId: string;
  let headId: string;
  const teacherIdNumber = makeIdNumber('360323', '1993-06-21', 77);
  let teacherId: string;
  let countyYSchoolId: string;

  async function trail(service: 'households' | 'teachers', token: string, vars: { id?: string; operation?: string } = {}) {
    const result = await graph.graphql<Record<string, { totalCount: number; edges: { node: Entry }[] }>>(trailQuery(service), vars, token);
    expect(result.errors).toBeUndefined();
    return result.data![`${service}AuditTrail`]!.edges.map((e) => e.node);
  }
  const auditor = (regionCode: string) => graph.token({ role: 'AUDITOR', regionCode, subject: `auditor-${regionCode}` });

  beforeAll(async () => {
    graph = await startTestGraph();
    province = await graph.token({ role: 'PROVINCE', regionCode: '360000', subject: 'province-wang', scopes: ['pii:read'] });
    [countyYSchoolId] = await insertSchools(graph, [
      { code: '3636032299', name: '上栗县审计测试小学', type: 'PRIMARY', ownership: 'PUBLIC', regionCode: '360322100', inPovertyArea: true },
    ]);
    // A province officer registers and changes a household of county X, and reads a member's full ID number.
    const registered = await graph.succeed<{ registerHousehold: { id: string; members: { id: string }[] } }>(REGISTER_HOUSEHOLD, { input: household }, province);
    householdId = registered.registerHousehold.id;
    headId = registered.registerHousehold.members[0]!.id;
    await graph.succeed(CHANGE_STATUS, { id: householdId }, province);
    await graph.succeed(READ_ID_NUMBER, { id: headId }, province);
    // … and registers a teacher at a school of county X, then moves the teacher to county Y.
    const teacher = await graph.succeed<{ registerTeacher: { id: string } }>(
      REGISTER_TEACHER,
      {
        input: {
          name: '审计老师',
          idNumber: teacherIdNumber,
          schoolId: DALING.id,
          postType: 'REGULAR',
          rural: true,
          hardshipTier: 1,
          startedOn: '2016-09-01',
        },
      },
      province,
    );
    teacherId = teacher.registerTeacher.id;
    await graph.succeed(MOVE_TEACHER, { teacherId, schoolId: countyYSchoolId }, province);
  });
  afterAll(() => graph?.stop());

  describe('item 2: no full ID number and no full birth date for auditors', () => {
    const secrets = () => [
      ...household.members.map((m) => m.idNumber),
      teacherIdNumber,
      '1979-03-14',
      '2012-08-09',
      '1993-06-21',
      '19930621',
    ];

    it('shows a household registration to a county auditor (no pii:read) with masked ID numbers only', async () => {
      const entries = await trail('households', await auditor(COUNTY_X), { id: householdId });
      expect(entries.map((e) => e.operation).sort()).toEqual(['changeHouseholdStatus', 'registerHousehold']);
      const text = JSON.stringify(entries);
      for (const secret of secrets()) expect(text).not.toContain(secret);
      for (const member of household.members) expect(text).toContain(maskIdNumber(member.idNumber));
    });

    it('shows a teacher registered and moved with a masked ID number and the birth year only', async () => {
      const entries = await trail('teachers', await auditor(COUNTY_X), { id: teacherId });
      expect(entries.map((e) => e.operation).sort()).toEqual(['moveTeacher', 'registerTeacher']);
      const text = JSON.stringify(entries);
      for (const secret of secrets()) expect(text).not.toContain(secret);
      const registered = JSON.parse(entries.find((e) => e.operation === 'registerTeacher')!.after!);
      expect(registered).toMatchObject({ name: '审计老师', birthYear: 1993 });
      expect(registered).not.toHaveProperty('birthDate');
      const moved = entries.find((e) => e.operation === 'moveTeacher')!;
      expect(JSON.parse(moved.before!)).toMatchObject({ birthYear: 1993 });
    });

    it('keeps the full-ID read an audited act, naming the number masked only', async () => {
      const [read] = await trail('households', await auditor(COUNTY_X), { id: headId, operation: 'read:idNumber' });
      expect(read).toMatchObject({ subject: 'province-wang', actorRegion: '360000', dataRegion: VILLAGE, entityType: 'Person' });
      expect(JSON.parse(read!.after!)).toEqual({ why: '核对身份', idNumberMasked: maskIdNumber(household.members[0]!.idNumber) });
      for (const secret of secrets()) expect(JSON.stringify(read)).not.toContain(secret);
    });

    it('stores no full ID number or birth date in any audit entry of the two services', async () => {
      for (const service of ['households', 'teachers']) {
        const rows = await graph.services.get(service)!.dataSource.query(`SELECT before, after FROM audit_entry`);
        const text = JSON.stringify(rows);
        for (const secret of secrets()) expect(text).not.toContain(secret);
      }
    });
  });

  describe('item 13: the trail is filtered by the region of the data, not the actor', () => {
    it("lets county X's auditor see a province officer registering, changing and reading county X's household", async () => {
      const entries = await trail('households', await auditor(COUNTY_X), { id: householdId });
      expect(entries).toHaveLength(2);
      for (const entry of entries) expect(entry).toMatchObject({ subject: 'province-wang', role: 'PROVINCE', actorRegion: '360000', dataRegion: VILLAGE });
    });

    it("hides county X's data from county Y's auditor, whoever acted", async () => {
      const y = await auditor(COUNTY_Y);
      expect(await trail('households', y, { id: householdId })).toEqual([]);
      expect(await trail('households', y, { id: headId })).toEqual([]);
      const teacherEntries = await trail('teachers', y, { id: teacherId });
      // Only the move reaches county Y (the teacher's data now lies there); the registration stays in county X.
      expect(teacherEntries.map((e) => [e.operation, e.dataRegion])).toEqual([['moveTeacher', '360322100']]);
    });

    it('places a move across counties in both: each county’s auditor sees it, a third county’s does not', async () => {
      const x = await trail('teachers', await auditor(COUNTY_X), { id: teacherId, operation: 'moveTeacher' });
      expect(x.map((e) => e.dataRegion)).toEqual([DALING.regionCode]);
      const third = await trail('teachers', await auditor('360321'), { id: teacherId });
      expect(third).toEqual([]);
      const provinceAuditor = await trail('teachers', await auditor('360000'), { id: teacherId, operation: 'moveTeacher' });
      expect(provinceAuditor.map((e) => e.dataRegion).sort()).toEqual([DALING.regionCode, '360322100'].sort());
    });

    it("shows a county officer's own writes to its county's auditor, and not to another county's", async () => {
      const officer = await graph.token({ role: 'COUNTY', regionCode: COUNTY_X, subject: 'county-li' });
      const other = newHousehold();
      const registered = await graph.succeed<{ registerHousehold: { id: string } }>(REGISTER_HOUSEHOLD, { input: other }, officer);
      const id = registered.registerHousehold.id;
      expect((await trail('households', await auditor(COUNTY_X), { id })).map((e) => [e.subject, e.actorRegion, e.dataRegion])).toEqual([
        ['county-li', COUNTY_X, VILLAGE],
      ]);
      expect(await trail('households', await auditor(COUNTY_Y), { id })).toEqual([]);
    });
  });

  describe('item 12: the request id is the server’s; the caller’s is kept apart', () => {
    async function registerWithRequestId(requestIdHeader: string) {
      const token = await graph.token({ role: 'COUNTY', regionCode: COUNTY_X, subject: 'county-zhao' });
      const response = await fetch(graph.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-request-id': requestIdHeader },
        body: JSON.stringify({ query: REGISTER_HOUSEHOLD, variables: { input: newHousehold() } }),
      });
      const body = (await response.json()) as { data?: { registerHousehold: { id: string } }; errors?: unknown[] };
      expect(body.errors).toBeUndefined();
      return { header: response.headers.get('x-request-id'), id: body.data!.registerHousehold.id };
    }

    it("answers with its own request id and audits it; the caller's value (another entry's id) is only clientRequestId", async () => {
      const [victim] = await trail('households', await auditor(COUNTY_X), { id: householdId, operation: 'registerHousehold' });
      const stolen = victim!.requestId!;
      expect(stolen).toMatch(/^[0-9a-f-]{36}$/);
      const { header, id } = await registerWithRequestId(stolen);
      expect(header).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(header).not.toBe(stolen);
      const [entry] = await trail('households', await auditor(COUNTY_X), { id });
      expect(entry).toMatchObject({ operation: 'registerHousehold', requestId: header, clientRequestId: stolen });
      // No two requests share a server request id.
      const rows = await graph.services.get('households')!.dataSource.query(`SELECT count(*)::int AS n FROM audit_entry WHERE request_id = $1`, [stolen]);
      expect(rows[0].n).toBe(1);
    });

    it('drops a client request id that is too long or not printable ASCII', async () => {
      for (const bad of ['x'.repeat(129), 'trace\u00e9-1']) {
        const { header, id } = await registerWithRequestId(bad);
        const [entry] = await trail('households', await auditor(COUNTY_X), { id });
        expect(entry).toMatchObject({ requestId: header, clientRequestId: null });
      }
    });
  });
});

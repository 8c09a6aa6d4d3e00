import { DEMO_SCHOOLS, demoEnrolments, demoHouseholds } from '@epg/demo';
import { isCompulsorySchoolAge, makeIdNumber } from '@epg/domain';
import { ImportHouseholdsDocument } from '@epg/graph-client';
import { startTestGraph, type TestGraph } from '../../support';

/**
 * One person, one identity (issue 20 item 3): members join, leave and move between households
 * keeping their person id, with a dated membership history, and the other services' projections
 * follow them by that id.
 */
const COUNTY = '360323';
const YEAR = 2023;
/** A village of the demo county the moved child's new household lies in. */
const NEW_VILLAGE = '360323103201';

const REGISTER = /* GraphQL */ `
  mutation Register($input: RegisterHouseholdInput!) {
    registerHousehold(input: $input) { id registrationNumber members { id name relationToHead } }
  }
`;
const MOVE = /* GraphQL */ `
  mutation Move($personId: ID!, $toHouseholdId: ID!, $on: Date!, $reason: MembershipReason!, $relationToHead: Relation!, $newHeadId: ID) {
    moveHouseholdMember(personId: $personId, toHouseholdId: $toHouseholdId, on: $on, reason: $reason, relationToHead: $relationToHead, newHeadId: $newHeadId) {
      id relationToHead household { id }
      memberships { householdId from joinedReason to leftReason relationToHead }
    }
  }
`;
const REMOVE = /* GraphQL */ `
  mutation Remove($personId: ID!, $on: Date!, $reason: MembershipReason!, $note: String, $newHeadId: ID) {
    removeHouseholdMember(personId: $personId, on: $on, reason: $reason, note: $note, newHeadId: $newHeadId) {
      id leftOn memberships { householdId to leftReason note }
    }
  }
`;
const ADD = /* GraphQL */ `
  mutation Add($householdId: ID!, $member: MemberInput!, $on: Date!, $reason: MembershipReason!) {
    addHouseholdMember(householdId: $householdId, member: $member, on: $on, reason: $reason) {
      id household { id } memberships { householdId from joinedReason to leftReason }
    }
  }
`;
const PERSON = /* GraphQL */ `
  query Person($id: ID!) {
    person(id: $id) { id household { id } enrolments { academicYear status } }
  }
`;
const HOUSEHOLD = /* GraphQL */ `
  query Household($id: ID!) {
    household(id: $id) {
      id members { id relationToHead }
      membershipHistory { personId from joinedReason to leftReason }
    }
  }
`;
const SCAN = /* GraphQL */ `
  mutation Scan($regionCode: String!, $academicYear: Int!) { scanForDropouts(regionCode: $regionCode, academicYear: $academicYear) { opened } }
`;
const CASES = /* GraphQL */ `
  query Cases($regionCode: String!, $academicYear: Int, $first: Int!, $after: String) {
    dropoutCases(regionCode: $regionCode, academicYear: $academicYear, first: $first, after: $after) {
      pageInfo { hasNextPage endCursor } edges { node { person { id } } }
    }
  }
`;

type Stay = { householdId: string; from: string; joinedReason: string; to: string | null; leftReason: string | null; relationToHead?: string };

let serial = 0;
function newHousehold(members: { name: string; idNumber: string; relationToHead: string }[], identifiedOn = '2024-03-01') {
  serial += 1;
  return {
    registrationNumber: `M${NEW_VILLAGE}${String(serial).padStart(4, '0')}`,
    villageCode: NEW_VILLAGE,
    category: 'POVERTY_REGISTERED',
    povertyCauses: ['EDUCATION'],
    annualIncomePerCapitaFen: 320000,
    identifiedOn,
    members,
  };
}
const adult = (n: number, relationToHead = 'HEAD') => ({ name: `分户户主${n}`, idNumber: makeIdNumber(COUNTY, '1985-04-12', 600 + n), relationToHead });
const child = (n: number) => ({ name: `分户子女${n}`, idNumber: makeIdNumber(COUNTY, '2015-06-03', 500 + n), relationToHead: 'CHILD' });

/**
 * A demo child of compulsory age, enrolled in the demo year at a school of the new household's
 * township (so that school's staff can read them there), of a household on the register.
 */
function enrolledChild() {
  const schoolOf = new Map(
    demoEnrolments(YEAR)
      .filter((e) => e.status === 'ENROLLED' && NEW_VILLAGE.startsWith(e.regionCode))
      .map((e) => [e.personId, e.schoolId] as const),
  );
  for (const household of demoHouseholds()) {
    if (household.statusHistory.at(-1)!.status === 'REMOVED' || household.villageCode === NEW_VILLAGE) continue;
    const kid = household.members.find((m) => m.relationToHead === 'CHILD' && isCompulsorySchoolAge(m.birthDate, YEAR) && schoolOf.has(m.id));
    if (kid) return { household, kid, schoolId: schoolOf.get(kid.id)! };
  }
  throw new Error('no enrolled demo child');
}

describe('households: one person, one identity (member add, remove, move)', () => {
  let graph: TestGraph;
  let county: string;
  const sql = (service: string, text: string, params: unknown[] = []) => graph.services.get(service)!.dataSource.query(text, params);
  const count = async (table: string) => (await sql('households', `SELECT count(*)::int AS n FROM ${table}`))[0].n as number;
  /** A new household of the demo county: a head and a child (`n` tells them apart), and their ids. */
  const registerFamily = async (n: number, identifiedOn: string) => {
    const registered = await graph.graphql<{ registerHousehold: { id: string; members: { id: string; relationToHead: string }[] } }>(
      REGISTER,
      { input: newHousehold([adult(n), child(n)], identifiedOn) },
      county,
    );
    const household = registered.data!.registerHousehold;
    const idOf = (relation: string) => household.members.find((m) => m.relationToHead === relation)!.id;
    return { household, headId: idOf('HEAD'), kidId: idOf('CHILD') };
  };

  beforeAll(async () => {
    graph = await startTestGraph();
    county = await graph.token({ role: 'COUNTY', regionCode: COUNTY });
  });
  afterAll(() => graph?.stop());

  it('moves an enrolled child to a new household (分户): same person id, 学籍 still attached, no dropout case', async () => {
    const { household: old, kid, schoolId } = enrolledChild();
    const registered = await graph.graphql<{ registerHousehold: { id: string; registrationNumber: string } }>(REGISTER, { input: newHousehold([adult(1)]) }, county);
    expect(registered.errors).toBeUndefined();
    const target = registered.data!.registerHousehold;

    const moved = await graph.graphql<{ moveHouseholdMember: { id: string; relationToHead: string; household: { id: string }; memberships: Stay[] } }>(
      MOVE,
      { personId: kid.id, toHouseholdId: target.id, on: '2024-07-01', reason: 'HOUSEHOLD_SPLIT', relationToHead: 'GRANDCHILD' },
      county,
    );
    expect(moved.errors).toBeUndefined();
    expect(moved.data!.moveHouseholdMember).toEqual({
      id: kid.id,
      relationToHead: 'GRANDCHILD',
      household: { id: target.id },
      memberships: [
        { householdId: old.id, from: old.identifiedOn, joinedReason: 'REGISTERED', to: '2024-07-01', leftReason: 'HOUSEHOLD_SPLIT', relationToHead: 'CHILD' },
        { householdId: target.id, from: '2024-07-01', joinedReason: 'HOUSEHOLD_SPLIT', to: null, leftReason: null, relationToHead: 'GRANDCHILD' },
      ],
    });

    // The old household no longer counts them; its history keeps their stay.
    const before = await graph.graphql<{ household: { members: { id: string }[]; membershipHistory: (Stay & { personId: string })[] } }>(HOUSEHOLD, { id: old.id }, county);
    expect(before.data!.household.members.map((m) => m.id)).not.toContain(kid.id);
    expect(before.data!.household.membershipHistory.find((s) => s.personId === kid.id)).toMatchObject({ to: '2024-07-01', leftReason: 'HOUSEHOLD_SPLIT' });

    // The 学籍 (schools) still attaches to the same person.
    const person = await graph.graphql<{ person: { household: { id: string }; enrolments: { academicYear: number; status: string }[] } }>(PERSON, { id: kid.id }, county);
    expect(person.errors).toBeUndefined();
    expect(person.data!.person.household.id).toBe(target.id);
    expect(person.data!.person.enrolments).toContainEqual({ academicYear: YEAR, status: 'ENROLLED' });

    // Their school's staff read the new household's history of their pupil only, not of its other members.
    const school = DEMO_SCHOOLS.find((x) => x.id === schoolId)!;
    const staff = await graph.token({ role: 'SCHOOL', regionCode: school.regionCode, schoolId });
    const seenBySchool = await graph.graphql<{ household: { membershipHistory: { personId: string }[] } | null }>(HOUSEHOLD, { id: target.id }, staff);
    expect(seenBySchool.errors).toBeUndefined();
    expect(seenBySchool.data!.household!.membershipHistory.map((s) => s.personId)).toEqual([kid.id]);

    // Registering them again elsewhere makes no second person: CONFLICT naming where they are.
    const people = await count('person');
    const again = await graph.graphql(REGISTER, { input: newHousehold([adult(2), { name: kid.name, idNumber: kid.idNumber, relationToHead: 'CHILD' }]) }, county);
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(again.errors?.[0]?.message).toContain(target.registrationNumber);
    expect(await count('person')).toBe(people);

    // The dropout scan follows the person by id: their projection row moved, no case opens for them.
    const scan = await graph.graphql(SCAN, { regionCode: COUNTY, academicYear: YEAR }, county);
    expect(scan.errors).toBeUndefined();
    const [projected] = await sql('schools', `SELECT household_id, village_code FROM registered_child WHERE person_id = $1`, [kid.id]);
    expect(projected).toEqual({ household_id: target.id, village_code: NEW_VILLAGE });
    const caseChildren: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 20; page++) {
      const result: { data?: { dropoutCases: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: { person: { id: string } | null } }[] } } | null } =
        await graph.graphql(CASES, { regionCode: COUNTY, academicYear: YEAR, first: 500, after }, county);
      caseChildren.push(...result.data!.dropoutCases.edges.map((e) => e.node.person?.id ?? ''));
      if (!result.data!.dropoutCases.pageInfo.hasNextPage) break;
      after = result.data!.dropoutCases.pageInfo.endCursor;
    }
    expect(caseChildren.length).toBeGreaterThan(0);
    expect(caseChildren).not.toContain(kid.id);
  });

  it('removes a member with a dated reason, and one who returns keeps their person id', async () => {
    const { household, kidId } = await registerFamily(3, '2018-05-01');
    const removed = await graph.graphql<{ removeHouseholdMember: { id: string; leftOn: string; memberships: unknown[] } }>(
      REMOVE,
      { personId: kidId, on: '2022-09-01', reason: 'MOVED_OUT', note: '随母迁出' },
      county,
    );
    expect(removed.errors).toBeUndefined();
    expect(removed.data!.removeHouseholdMember).toEqual({
      id: kidId,
      leftOn: '2022-09-01',
      memberships: [{ householdId: household.id, to: '2022-09-01', leftReason: 'MOVED_OUT', note: '随母迁出' }],
    });
    const feed = await sql('households', `SELECT live FROM person WHERE id = $1`, [kidId]);
    expect(feed).toEqual([{ live: false }]);

    // Back in the county two years later, in another household: the same person.
    const other = await graph.graphql<{ registerHousehold: { id: string } }>(REGISTER, { input: newHousehold([adult(4)]) }, county);
    const back = await graph.graphql<{ addHouseholdMember: { id: string; household: { id: string }; memberships: Stay[] } }>(
      ADD,
      { householdId: other.data!.registerHousehold.id, member: { ...child(3), relationToHead: 'GRANDCHILD' }, on: '2024-09-01', reason: 'MOVED_IN' },
      county,
    );
    expect(back.errors).toBeUndefined();
    expect(back.data!.addHouseholdMember.id).toBe(kidId);
    expect(back.data!.addHouseholdMember.memberships.map((s) => [s.householdId, s.from, s.joinedReason, s.to, s.leftReason])).toEqual([
      [household.id, '2018-05-01', 'REGISTERED', '2022-09-01', 'MOVED_OUT'],
      [other.data!.registerHousehold.id, '2024-09-01', 'MOVED_IN', null, null],
    ]);
  });

  it('keeps the person id of a REMOVED household’s member who is registered again', async () => {
    const removedHousehold = demoHouseholds().find((h) => h.statusHistory.at(-1)!.status === 'REMOVED')!;
    const member = removedHousehold.members[0]!;
    const result = await graph.graphql<{ registerHousehold: { members: { id: string }[] } }>(
      REGISTER,
      { input: newHousehold([{ name: member.name, idNumber: member.idNumber, relationToHead: 'HEAD' }]) },
      county,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.registerHousehold.members[0]!.id).toBe(member.id);
  });

  it('refuses implausible dates, wrong reasons and a head leaving without a successor, writing nothing', async () => {
    const { household, headId: head, kidId: kid } = await registerFamily(5, '2019-01-01');
    const target = await graph.graphql<{ registerHousehold: { id: string } }>(REGISTER, { input: newHousehold([adult(6)]) }, county);
    const stays = await count('household_membership');
    const people = await count('person');
    const move = (vars: Record<string, unknown>) =>
      graph.graphql(MOVE, { personId: kid, toHouseholdId: target.data!.registerHousehold.id, on: '2024-07-01', reason: 'HOUSEHOLD_SPLIT', relationToHead: 'CHILD', ...vars }, county);
    const issueOf = (r: { errors?: readonly { extensions?: Record<string, unknown> }[] }) => [r.errors?.[0]?.extensions?.code, (r.errors?.[0]?.extensions?.issues as { path: string }[] | undefined)?.[0]?.path];

    expect(issueOf(await move({ on: '2040-01-01' }))).toEqual(['BAD_USER_INPUT', 'on']);
    expect(issueOf(await move({ on: '2018-12-31' }))).toEqual(['BAD_USER_INPUT', 'on']);
    expect(issueOf(await move({ reason: 'DECEASED' }))).toEqual(['BAD_USER_INPUT', 'reason']);
    expect(issueOf(await move({ relationToHead: 'HEAD' }))).toEqual(['BAD_USER_INPUT', 'relationToHead']);
    expect(issueOf(await graph.graphql(REMOVE, { personId: head, on: '2024-01-01', reason: 'DECEASED' }, county))).toEqual(['BAD_USER_INPUT', 'newHeadId']);
    expect(issueOf(await graph.graphql(REMOVE, { personId: kid, on: '2013-01-01', reason: 'DECEASED' }, county))).toEqual(['BAD_USER_INPUT', 'on']);
    expect(await count('household_membership')).toBe(stays);
    expect(await count('person')).toBe(people);

    // With a successor named, the head may leave: the successor becomes head.
    const succeeded = await graph.graphql(REMOVE, { personId: head, on: '2024-01-01', reason: 'DECEASED', newHeadId: kid }, county);
    expect(succeeded.errors).toBeUndefined();
    const after = await graph.graphql<{ household: { members: { id: string; relationToHead: string }[] } }>(HOUSEHOLD, { id: household.id }, county);
    expect(after.data!.household.members).toEqual([{ id: kid, relationToHead: 'HEAD' }]);
  });

  it('does not bring back a person recorded deceased, by registration, import or member add; CORRECTION undoes a death recorded in error', async () => {
    const { kidId } = await registerFamily(21, '2019-01-01');
    const died = await graph.graphql(REMOVE, { personId: kidId, on: '2023-02-01', reason: 'DECEASED' }, county);
    expect(died.errors).toBeUndefined();
    const other = await graph.graphql<{ registerHousehold: { id: string } }>(REGISTER, { input: newHousehold([adult(22)]) }, county);
    const stays = await count('household_membership');
    const households = await count('household');
    const conflictOf = (r: { errors?: readonly { message: string; extensions?: Record<string, unknown> }[] }) => [r.errors?.[0]?.extensions?.code, r.errors?.[0]?.message];

    const add = (reason: string) =>
      graph.graphql<{ addHouseholdMember: { id: string; memberships: Stay[] } }>(
        ADD,
        { householdId: other.data!.registerHousehold.id, member: { ...child(21), relationToHead: 'GRANDCHILD' }, on: '2024-09-01', reason },
        county,
      );
    expect(conflictOf(await add('MOVED_IN'))).toEqual(['CONFLICT', expect.stringMatching(/member\.idNumber: .*recorded deceased on 2023-02-01/)]);
    expect(conflictOf(await graph.graphql(REGISTER, { input: newHousehold([adult(23), child(21)]) }, county))).toEqual([
      'CONFLICT',
      expect.stringMatching(/recorded deceased on 2023-02-01/),
    ]);
    const integration = await graph.token({ role: 'INTEGRATION', regionCode: COUNTY, scopes: ['import:write'], subject: 'poverty-office' });
    const imported = await graph.graphql<{ importHouseholds: { accepted: number; rejected: { index: number; field: string; message: string }[] } }>(
      ImportHouseholdsDocument,
      { idempotencyKey: `deceased-${Date.now()}`, households: [newHousehold([adult(24), child(21)])] },
      integration,
    );
    expect(imported.errors).toBeUndefined();
    expect(imported.data!.importHouseholds).toEqual({
      accepted: 0,
      replayed: false,
      rejected: [{ index: 0, field: 'members.1.idNumber', message: expect.stringMatching(/recorded deceased/) }],
    });
    expect(await count('household_membership')).toBe(stays);
    expect(await count('household')).toBe(households);
    expect(await sql('households', `SELECT live FROM person WHERE id = $1`, [kidId])).toEqual([{ live: false }]);

    // The death was recorded in error: adding them back as a CORRECTION keeps their person id.
    const corrected = await add('CORRECTION');
    expect(corrected.errors).toBeUndefined();
    expect(corrected.data!.addHouseholdMember.id).toBe(kidId);
    expect(corrected.data!.addHouseholdMember.memberships.map((m) => [m.to, m.leftReason, m.joinedReason])).toEqual([
      ['2023-02-01', 'DECEASED', 'REGISTERED'],
      [null, null, 'CORRECTION'],
    ]);
  });

  it('refuses a move into a household outside the caller’s region, writing nothing', async () => {
    const { kid } = enrolledChild();
    const township = await graph.token({ role: 'TOWNSHIP', regionCode: '360323103' });
    const registered = await graph.graphql<{ registerHousehold: { id: string } }>(REGISTER, { input: newHousehold([adult(7)]) }, township);
    expect(registered.errors).toBeUndefined();
    const outsider = await graph.token({ role: 'COUNTY', regionCode: '360322' });
    const result = await graph.graphql(MOVE, { personId: kid.id, toHouseholdId: registered.data!.registerHousehold.id, on: '2024-08-01', reason: 'CORRECTION', relationToHead: 'CHILD' }, outsider);
    expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

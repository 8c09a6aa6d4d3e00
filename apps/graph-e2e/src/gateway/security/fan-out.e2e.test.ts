import fs from 'node:fs';
import path from 'node:path';
import { startTestGraph, type TestGraph } from '../../support';

/**
 * Issue 18 item 4: unbounded fan-out. `school { teachers { school { teachers … } } } }` passed the
 * gateway's limits (armor priced lists by a literal `first` only) and ran 21 s on the demo county;
 * 15 aliases of it would exhaust memory. The gateway now prices every list by its size
 * (`first`, variables included, or the subgraph's `@listSize`) and refuses above MAX_COST.
 */

interface Reply {
  status: number;
  body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

async function post(url: string, token: string, query: string, variables: Record<string, unknown> = {}): Promise<Reply> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as Reply['body'] };
}

const fanOut = (schoolId: string) =>
  `school(id: "${schoolId}") { teachers { school { teachers { school { teachers { school { teachers { id } } } } } } } }`;

const CONTRACT = fs.readFileSync(path.join(__dirname, '../../../../../tools/contract/documents/households.graphql'), 'utf8');
/** The contract's HouseholdRoster operation, as the county console sends it. */
const HOUSEHOLD_ROSTER = /query HouseholdRoster\([\s\S]*?\n}\n/.exec(CONTRACT)![0];

describe('fan-out: the gateway prices lists by their size (issue 18 item 4)', () => {
  let graph: TestGraph;
  let county: string;
  let schoolId: string;

  beforeAll(async () => {
    graph = await startTestGraph();
    county = await graph.token({ role: 'COUNTY', regionCode: '360323', subject: 'county-officer', scopes: ['pii:read'] });
    // The demo county's school with the most teachers: the one the attack multiplies best.
    const page = await graph.succeed<{ teachers: { edges: { node: { school: { id: string } } }[] } }>(
      `{ teachers(regionCode: "360323", first: 500) { edges { node { school { id } } } } }`,
      {},
      county,
    );
    const counts = new Map<string, number>();
    for (const { node } of page.teachers.edges) counts.set(node.school.id, (counts.get(node.school.id) ?? 0) + 1);
    schoolId = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]![0];
    expect(counts.get(schoolId)).toBeGreaterThan(1);
  });
  afterAll(() => graph?.stop());

  it('refuses the nested back-reference fan-out before any subgraph work, stating cost and limit', async () => {
    const reply = await post(graph.gatewayUrl, county, `{ ${fanOut(schoolId)} }`);
    expect(reply.status).toBe(400);
    expect(reply.body.data ?? null).toBeNull();
    expect(reply.body.errors).toHaveLength(1);
    const [error] = reply.body.errors!;
    expect(error!.extensions).toMatchObject({ code: 'QUERY_TOO_COSTLY', maxCost: 50_000 });
    expect(error!.extensions!.cost).toBeGreaterThan(50_000);
    expect(error!.message).toMatch(/^Query cost \d+ exceeds the limit of 50000/);
  });

  it('refuses the 15-alias variant (each alias is its own subtree)', async () => {
    const aliased = `{ ${Array.from({ length: 15 }, (_, i) => `a${i}: ${fanOut(schoolId)}`).join(' ')} }`;
    const single = await post(graph.gatewayUrl, county, `{ ${fanOut(schoolId)} }`);
    const reply = await post(graph.gatewayUrl, county, aliased);
    expect(reply.status).toBe(400);
    expect(reply.body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COSTLY' });
    expect(reply.body.errors![0]!.extensions!.cost).toBe(15 * (single.body.errors![0]!.extensions!.cost as number));
  });

  it('counts `first` given as a variable, not only as a literal', async () => {
    const page = 'query($first: Int!) { households(filter: { regionCode: "360323" }, first: $first) { edges { node { id members { id name } } } } }';
    const costly = await post(graph.gatewayUrl, county, page, { first: 5000 });
    expect(costly.status).toBe(400);
    expect(costly.body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COSTLY' });
    const ok = await post(graph.gatewayUrl, county, page, { first: 10 });
    expect(ok.body.errors).toBeUndefined();
    expect((ok.body.data!.households as { edges: unknown[] }).edges).toHaveLength(10);
  });

  it('still serves a realistic contract query: the 500-row household roster page', async () => {
    const reply = await post(graph.gatewayUrl, county, HOUSEHOLD_ROSTER, { filter: { regionCode: '360323' }, first: 500 });
    expect(reply.body.errors).toBeUndefined();
    expect(reply.status).toBe(200);
    const roster = reply.body.data!.households as { edges: { node: { members: unknown[] } }[] };
    expect(roster.edges).toHaveLength(500);
    expect(roster.edges.every((e) => e.node.members.length > 0)).toBe(true);
  });

  it("caps a school's teachers: `first` defaults to 500 and above 500 is refused (BAD_USER_INPUT)", async () => {
    const all = await graph.succeed<{ school: { teachers: { id: string }[] } }>(`{ school(id: "${schoolId}") { teachers { id } } }`, {}, county);
    expect(all.school.teachers.length).toBeGreaterThan(1);
    const two = await graph.succeed<{ school: { teachers: { id: string }[] } }>(`{ school(id: "${schoolId}") { teachers(first: 1) { id } } }`, {}, county);
    expect(two.school.teachers).toEqual(all.school.teachers.slice(0, 1));
    const over = await post(graph.gatewayUrl, county, `{ school(id: "${schoolId}") { teachers(first: 501) { id } } }`);
    expect(over.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(over.body.errors?.[0]?.message).toMatch(/first must be at most 500/);
  });
});

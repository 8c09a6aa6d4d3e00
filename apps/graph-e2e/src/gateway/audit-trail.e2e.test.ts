import { demoHouseholds } from '@epg/demo';
import { PersonIdentityDocument } from '@epg/graph-client';
import { startTestGraph, type TestGraph } from '../support';

const TRAIL = `query($id: String) {
  householdsAuditTrail(entityId: $id, first: 10) {
    totalCount
    edges { node { subject role regionScope operation entityType entityId after at } }
  }
}`;

/** The audit trail: every write and full ID-number read, who and why, readable by auditors only. */
describe('the audit trail', () => {
  let graph: TestGraph;
  const person = demoHouseholds()[5]!.members[0]!;

  beforeAll(async () => {
    graph = await startTestGraph();
    const reader = await graph.token({ role: 'COUNTY', regionCode: '360323', scopes: ['pii:read'], subject: 'officer-li' });
    await graph.graphql(PersonIdentityDocument, { id: person.id }, reader);
    await graph.graphql(`query($id: ID!) { person(id: $id) { idNumber(reason: "核对资助名单") } }`, { id: person.id }, reader);
  });
  afterAll(() => graph?.stop());

  it('shows an auditor who read a full ID number, when and why', async () => {
    const auditor = await graph.token({ role: 'AUDITOR', regionCode: '360000' });
    const result = await graph.graphql(TRAIL, { id: person.id }, auditor);
    expect(result.errors).toBeUndefined();
    const trail = (result.data as { householdsAuditTrail: { totalCount: number; edges: { node: Record<string, string> }[] } }).householdsAuditTrail;
    expect(trail.totalCount).toBe(2);
    expect(trail.edges.map((e) => [e.node.subject, e.node.operation, JSON.parse(e.node.after!).why])).toEqual([
      ['officer-li', 'read:idNumber', '核对资助名单'],
      ['officer-li', 'read:idNumber', 'operation PersonIdentity'],
    ]);
    expect(Date.parse(trail.edges[0]!.node.at)).toBeGreaterThan(Date.now() - 600_000);
  });

  it('is closed to officers without audit:read and to auditors of other regions', async () => {
    const officer = await graph.token({ role: 'COUNTY', regionCode: '360323' });
    const refused = await graph.graphql(TRAIL, { id: person.id }, officer);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const hubei = await graph.token({ role: 'AUDITOR', regionCode: '420000' });
    const elsewhere = await graph.graphql(TRAIL, { id: person.id }, hubei);
    expect((elsewhere.data as { householdsAuditTrail: { totalCount: number } }).householdsAuditTrail.totalCount).toBe(0);
  });

  it('is append-only', async () => {
    const dataSource = graph.services.get('households')!.dataSource;
    await expect(dataSource.query(`UPDATE audit_entry SET subject = 'someone-else'`)).rejects.toThrow(/append-only/);
    await expect(dataSource.query(`DELETE FROM audit_entry`)).rejects.toThrow(/append-only/);
  });

  it('lets an auditor read but never write', async () => {
    const auditor = await graph.token({ role: 'AUDITOR', regionCode: '360323' });
    const write = await graph.graphql(`mutation { scanForDropouts(regionCode: "360323", academicYear: 2023) { opened } }`, {}, auditor);
    expect(write.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

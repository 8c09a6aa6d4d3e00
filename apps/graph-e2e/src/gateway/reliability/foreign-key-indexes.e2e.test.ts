import { Client } from 'pg';
import { startTestGraph, type TestGraph } from '../../support';

/**
 * Deleting a referenced row checks every foreign key pointing at it; without an index on the
 * referencing column each check scans that table (schools' enrolment self-reference made a
 * province reload take hours). Every foreign key of every service's schema leads with an index,
 * except those whose referenced rows are never deleted while referenced.
 */
const NEVER_DELETED_WHILE_REFERENCED = new Set([
  // A policy set with entitlements under it is amended (new version), never deleted; indexing it
  // would cost every entitlement insert of the batch.
  'subsidies.entitlement(policy_set_id)',
]);

describe('foreign keys of every schema', () => {
  let graph: TestGraph;
  let client: Client;

  beforeAll(async () => {
    graph = await startTestGraph();
    client = new Client({ connectionString: graph.databaseUrl });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await graph?.stop();
  });

  it('lead with an index on the referencing side', async () => {
    const { rows } = await client.query<{ key: string }>(
      `SELECT format('%s(%s)', c.conrelid::regclass, a.attname) AS key
         FROM pg_constraint c
         JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
        WHERE c.contype = 'f'
          AND NOT EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.conrelid AND i.indkey[0] = c.conkey[1])
        ORDER BY 1`,
    );
    const foreignKeys = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_constraint WHERE contype = 'f'`);
    expect(foreignKeys.rows[0]!.n).toBeGreaterThan(NEVER_DELETED_WHILE_REFERENCED.size);
    expect(rows.map((r) => r.key).filter((key) => !NEVER_DELETED_WHILE_REFERENCED.has(key))).toEqual([]);
  });
});

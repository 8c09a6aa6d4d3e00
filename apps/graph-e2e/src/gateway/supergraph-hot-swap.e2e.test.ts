import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { composeServices } from '@apollo/composition';
import { visit, type DocumentNode } from 'graphql';
import { loadGatewayConfig, startGateway, type RunningGateway } from '@epg/gateway';
import { subgraphUrl, type SubgraphName } from '@epg/subgraph-kit';
import { startTestGraph as startGraph } from '@epg/testing';
import { ALL_SUBGRAPHS, WHOLE_GRAPH, type TestGraph } from '../support';

/**
 * Releasing a subgraph schema change without restarting the gateway: the gateway reads its
 * supergraph from a file (in Kubernetes the environment's ConfigMap), and a new one written there
 * is served from the next request on — unless it does not load or would break a contract
 * operation, in which case the last good one keeps serving.
 */

const REGION_LEVEL = /* GraphQL */ `
  query HotSwapRegion($code: String!) {
    region(code: $code) { code level }
  }
`;

/** A subgraph's SDL without one field of one type (what it served before the field was added). */
function withoutField(typeDefs: DocumentNode, typeName: string, field: string): DocumentNode {
  return visit(typeDefs, {
    ObjectTypeDefinition(node) {
      if (node.name.value !== typeName) return undefined;
      return { ...node, fields: node.fields?.filter((f) => f.name.value !== field) };
    },
  });
}

/** Composes the five subgraphs as the code serves them, `edit` applied to households. */
function compose(edit: (typeDefs: DocumentNode) => DocumentNode = (t) => t): string {
  const result = composeServices(
    ALL_SUBGRAPHS.map((m) => ({
      name: m.name,
      typeDefs: m.name === 'households' ? edit(m.typeDefs) : m.typeDefs,
      url: subgraphUrl(m.name as SubgraphName, {}),
    })),
  );
  if (result.errors) throw new Error(result.errors.map((e) => e.message).join('\n'));
  return result.supergraphSdl;
}

/** Replaces the file the way the kubelet updates a ConfigMap volume: a new file renamed over the old one. */
function publish(file: string, sdl: string): void {
  const next = `${file}.next`;
  fs.writeFileSync(next, sdl);
  fs.renameSync(next, file);
}

function counter(text: string, outcome: string): number {
  const line = text.split('\n').find((l) => l.startsWith('epg_supergraph_updates_total{') && l.includes(`outcome="${outcome}"`));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

describe('gateway: supergraph hot swap (no restart)', () => {
  let dir: string;
  let file: string;
  let graph: TestGraph;
  let gateway: RunningGateway;
  let token: string;

  /** Waits until the gateway has counted one more `outcome` than `before` (it re-reads every 50 ms). */
  async function settled(outcome: string, before: number): Promise<void> {
    const deadline = Date.now() + 15_000;
    while (counter(await gateway.metrics.render(), outcome) <= before) {
      if (Date.now() > deadline) throw new Error(`the gateway did not count a supergraph ${outcome} in time`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'epg-supergraph-'));
    file = path.join(dir, 'supergraph.graphql');
    // Before the release: households already serves Region.level (its code has it), the
    // environment's supergraph does not plan it yet.
    fs.writeFileSync(file, compose((t) => withoutField(t, 'Region', 'level')));
    graph = await startGraph({
      ...WHOLE_GRAPH,
      seedDemo: true,
      startGateway: async (env, auth, logger) => {
        gateway = await startGateway(loadGatewayConfig({ ...env, SUPERGRAPH_PATH: file, SUPERGRAPH_POLL_SECONDS: '0.05' }), auth, logger);
        return gateway;
      },
    });
    token = await graph.token({ role: 'COUNTY', regionCode: '360323' });
  });

  afterAll(async () => {
    await graph?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('serves a field added to the supergraph file from the next request on', async () => {
    const before = await graph.graphql(REGION_LEVEL, { code: '360323' }, token);
    expect(before.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(before.errors?.[0]?.message).toMatch(/Cannot query field "level" on type "Region"/);

    const applied = counter(await gateway.metrics.render(), 'applied');
    publish(file, compose());
    await settled('applied', applied);

    const after = await graph.graphql(REGION_LEVEL, { code: '360323' }, token);
    expect(after.errors).toBeUndefined();
    expect(after.data).toEqual({ region: { code: '360323', level: 'COUNTY' } });
  });

  it('refuses a file that is no supergraph, and keeps serving the last good one', async () => {
    const refused = counter(await gateway.metrics.render(), 'refused');
    publish(file, 'schema @link(url: "https://specs.apollo.dev/link/v1.0") { query: Query }\ntype Query {');
    await settled('refused', refused);

    const result = await graph.graphql(REGION_LEVEL, { code: '360323' }, token);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ region: { code: '360323', level: 'COUNTY' } });
  });

  it('refuses a supergraph that composes but drops a field contract operations use, and keeps serving', async () => {
    const refused = counter(await gateway.metrics.render(), 'refused');
    // Removing Region.level before clients stopped asking for it: households.graphql of the contract uses it.
    const dropped = compose((t) => withoutField(t, 'Region', 'level'));
    expect(dropped).not.toContain('level: RegionLevel');
    publish(file, dropped);
    await settled('refused', refused);

    const result = await graph.graphql(REGION_LEVEL, { code: '360323' }, token);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ region: { code: '360323', level: 'COUNTY' } });
  });

  it('keeps serving when the file disappears; the same graph written again is no update', async () => {
    const unreadable = counter(await gateway.metrics.render(), 'unreadable');
    fs.rmSync(file);
    await settled('unreadable', unreadable);
    expect((await graph.graphql(REGION_LEVEL, { code: '360323' }, token)).data).toEqual({ region: { code: '360323', level: 'COUNTY' } });

    // The same graph as served: nothing to swap (no refusal, no update).
    const applied = counter(await gateway.metrics.render(), 'applied');
    publish(file, compose());
    await new Promise((r) => setTimeout(r, 300));
    const text = await gateway.metrics.render();
    expect(counter(text, 'applied')).toBe(applied);
    expect(text).toMatch(/^epg_supergraph_loaded_timestamp_seconds\{service="gateway"\} \d+/m);
  });
});

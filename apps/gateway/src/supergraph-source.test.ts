import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import pino from 'pino';
import { Registry } from 'prom-client';
import { SupergraphSource } from './supergraph-source';
import { TrustedDocumentManifest } from './trusted-documents';

const SUPERGRAPH = fs.readFileSync(path.join(__dirname, '../supergraph.graphql'), 'utf8');
const CONTRACT = TrustedDocumentManifest.fromDirectory(path.join(__dirname, '../../../tools/contract/documents')).documents();

/** Region.level with its description, if any. */
const REGION_LEVEL = /\n\n?(  """[^\n]*"""\n)?  level: RegionLevel! @join__field\(graph: HOUSEHOLDS\)/;
/** The committed supergraph without a field contract operations use (Region.level). */
const WITHOUT_REGION_LEVEL = SUPERGRAPH.replace(REGION_LEVEL, '');

describe('SupergraphSource from a URL', () => {
  let body = SUPERGRAPH;
  let status = 200;
  let server: http.Server;
  let url: string;

  beforeAll(async () => {
    server = http.createServer((_req, res) => {
      res.statusCode = status;
      res.end(body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/supergraph.graphql`;
  });
  afterAll(() => new Promise((r) => server.close(r)));

  it('starts on what the URL serves, swaps a valid change, refuses a broken or contract-breaking one, survives an outage', async () => {
    const registry = new Registry();
    const refusals: string[] = [];
    const logger = pino({ level: 'error' }, { write: (line: string) => void refusals.push((JSON.parse(line) as { err: string }).err) });
    const source = new SupergraphSource({ path: '/nonexistent', url, pollMs: 0, contract: CONTRACT, logger, registry });
    const updates: string[] = [];
    const { supergraphSdl, cleanup } = await source.initialize({ update: (sdl) => updates.push(sdl), healthCheck: async () => undefined, getDataSource: () => { throw new Error('unused'); } });
    expect(supergraphSdl).toBe(SUPERGRAPH);
    expect(await source.check()).toBe('unchanged');

    body = 'type Query {';
    expect(await source.check()).toBe('refused');
    expect(await source.check()).toBe('unchanged'); // the same refused content is not tried again

    expect(WITHOUT_REGION_LEVEL).not.toBe(SUPERGRAPH);
    body = WITHOUT_REGION_LEVEL;
    expect(await source.check()).toBe('refused');
    expect(refusals.at(-1)).toMatch(/contract operations would stop working: .*Cannot query field "level" on type "Region"/);

    status = 503;
    expect(await source.check()).toBe('unreadable');
    status = 200;

    const added = SUPERGRAPH.replace(REGION_LEVEL, (field) => `${field}\n  levelNote: String @join__field(graph: HOUSEHOLDS)`);
    expect(added).not.toBe(SUPERGRAPH);
    body = added;
    expect(await source.check()).toBe('applied');
    expect(updates).toEqual([added]);

    const text = await registry.metrics();
    expect(text).toMatch(/^epg_supergraph_updates_total\{outcome="applied"\} 1$/m);
    expect(text).toMatch(/^epg_supergraph_updates_total\{outcome="refused"\} 2$/m);
    expect(text).toMatch(/^epg_supergraph_updates_total\{outcome="unreadable"\} 1$/m);
    await cleanup();
  }, 60_000);
});

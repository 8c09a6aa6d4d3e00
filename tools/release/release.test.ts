import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { print } from 'graphql';
import { ALL_SUBGRAPHS } from '@epg/tools/subgraphs';
import { releaseSubgraph } from './release';

const ROOT = path.resolve(__dirname, '../..');
const CURRENT = fs.readFileSync(path.join(ROOT, 'apps/gateway/supergraph.graphql'), 'utf8');
const HOUSEHOLDS = print(ALL_SUBGRAPHS.find((m) => m.name === 'households')!.typeDefs);
const REGION = 'type Region @key(fields: "code") {';

/** The households SDL with `field` added to Region. */
const withRegionField = (field: string) => {
  expect(HOUSEHOLDS).toContain(REGION);
  return HOUSEHOLDS.replace(REGION, `${REGION}\n  ${field}`);
};

describe('npm run release:subgraph', () => {
  let dir: string;
  let env: string;
  const sdlFile = (name: string, sdl: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, sdl);
    return file;
  };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'epg-release-'));
    env = path.join(dir, 'supergraph.graphql');
    fs.writeFileSync(env, CURRENT);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('publishes an additive change: composes, writes the supergraph and the SDL, says subgraph first', async () => {
    const result = await releaseSubgraph({ subgraph: 'households', env, sdl: sdlFile('hh.graphql', withRegionField('releaseNote: String')) });
    expect(result.messages.join('\n')).toMatch(/order: deploy households first, then the supergraph/);
    expect(result).toMatchObject({ ok: true, added: ['Region.releaseNote'], removed: [], order: 'subgraph-first' });
    expect(fs.readFileSync(env, 'utf8')).toContain('releaseNote: String');
    expect(fs.readFileSync(path.join(dir, 'subgraphs/households.graphql'), 'utf8')).toContain('releaseNote: String');
  });

  it('the code as it is releases onto what the code composes without any change', async () => {
    const result = await releaseSubgraph({ subgraph: 'schools', env });
    expect(result).toMatchObject({ ok: true, added: [], removed: [], order: 'any' });
    expect(fs.readFileSync(env, 'utf8')).toContain('@join__graph(name: "schools"');
  });

  it('refuses removing a field the environment serves without deprecation, and writes nothing', async () => {
    const without = HOUSEHOLDS.replace(/^\s*"[^"\n]*"\n\s*level: RegionLevel!\n/m, '\n').replace(/^\s*level: RegionLevel!\n/m, '\n');
    expect(without).not.toMatch(/^\s*level: RegionLevel!/m);
    const result = await releaseSubgraph({ subgraph: 'households', env, sdl: sdlFile('hh.graphql', without) });
    expect(result.ok).toBe(false);
    expect(result.messages.join('\n')).toMatch(/breaking changes against .*Region\.level/s);
    expect(fs.readFileSync(env, 'utf8')).toBe(CURRENT);
    expect(fs.existsSync(path.join(dir, 'subgraphs'))).toBe(false);
  });

  it('lets a field deprecated in the environment go, supergraph first', async () => {
    const deprecated = await releaseSubgraph({ subgraph: 'households', env, sdl: sdlFile('a.graphql', withRegionField('oldNote: String @deprecated(reason: "unused")')) });
    expect(deprecated.ok).toBe(true);
    const removal = await releaseSubgraph({ subgraph: 'households', env, sdl: sdlFile('b.graphql', HOUSEHOLDS) });
    expect(removal).toMatchObject({ ok: true, added: [], removed: ['Region.oldNote'], order: 'supergraph-first' });
    expect(fs.readFileSync(env, 'utf8')).not.toContain('oldNote');
  });

  it('refuses a subgraph SDL that does not compose with the others', async () => {
    // Region is an entity keyed by code everywhere: a second key type that clashes does not compose.
    const clash = withRegionField('code2: Int').replace('code: String!', 'code: Int!');
    const result = await releaseSubgraph({ subgraph: 'households', env, sdl: sdlFile('hh.graphql', clash) });
    expect(result.ok).toBe(false);
    expect(result.messages.join('\n')).toMatch(/composition failed/);
    expect(fs.readFileSync(env, 'utf8')).toBe(CURRENT);
  });

  it('checks against an environment served at a URL and writes to --out', async () => {
    const server = http.createServer((_req, res) => res.end(CURRENT));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/supergraph.graphql`;
      await expect(releaseSubgraph({ subgraph: 'households', env: url })).rejects.toThrow(/--out is required/);
      const out = path.join(dir, 'next.graphql');
      const result = await releaseSubgraph({ subgraph: 'households', env: url, out, sdl: sdlFile('hh.graphql', withRegionField('releaseNote: String')) });
      expect(result).toMatchObject({ ok: true, added: ['Region.releaseNote'] });
      expect(fs.readFileSync(out, 'utf8')).toContain('releaseNote: String');
    } finally {
      server.close();
    }
  });
});

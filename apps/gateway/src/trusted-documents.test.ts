import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, print, type DocumentNode } from 'graphql';
import pino from 'pino';
import * as graphClient from '@epg/graph-client';
import { loadGatewayConfig } from './config';
import { TrustedDocumentStore } from './trusted-document-store';
import { documentsOfManifest, sha256Hex, TrustedDocumentManifest } from './trusted-documents';

const SOURCES = [
  {
    name: 'a.graphql',
    body: /* GraphQL */ `
      # a comment
      query Region($code: String!) { region(code: $code) { ...RegionName parent { ...RegionCode } } }
      fragment RegionName on Region { name ...RegionCode }
      fragment RegionCode on Region { code }
      fragment Unused on Region { level }
      mutation Rename($id: ID!) { rename(id: $id) { id } }
    `,
  },
  { name: 'inputs.graphql', body: 'input HouseholdFilter { regionCode: String! }' },
];

const CONTRACT_SOURCES = path.join(__dirname, '../../../tools/contract/documents');

const hex = (text: string) => createHash('sha256').update(text).digest('hex');

describe('trusted documents manifest', () => {
  const manifest = TrustedDocumentManifest.fromSources(SOURCES);
  const region = manifest.documents().find((d) => d.operationName === 'Region')!;

  it('holds one entry per operation, schema definitions ignored', () => {
    expect(manifest.size).toBe(2);
    expect(manifest.documents().map((d) => d.operationName).sort()).toEqual(['Region', 'Rename']);
  });

  it('keeps each operation with exactly the fragments it uses, printed, keyed by sha256 of the text', () => {
    expect(region.document).toBe(
      print(
        parse(`query Region($code: String!) { region(code: $code) { ...RegionName parent { ...RegionCode } } }
          fragment RegionCode on Region { code }
          fragment RegionName on Region { name ...RegionCode }`),
      ),
    );
    expect(region.document).not.toContain('Unused');
    expect(region.hash).toBe(hex(region.document));
    expect(sha256Hex('x')).toBe(hex('x'));
    expect(manifest.byId(region.hash)).toBe(region);
    expect(manifest.byId(region.hash.toUpperCase())).toBe(region);
  });

  it('matches a document by text whatever its layout, comments and fragment order', () => {
    const sent = `fragment RegionCode on Region { code }
      query Region($code: String!) {
        region(code: $code) { ...RegionName, parent { ...RegionCode } } # hi
      }
      fragment RegionName on Region { name ...RegionCode }`;
    expect(manifest.match(sent)).toBe(region);
    expect(manifest.match(region.document)).toBe(region);
  });

  it('selects the operation by name in a document that holds several', () => {
    expect(manifest.match(SOURCES[0]!.body, 'Region')).toBe(region);
    expect(manifest.match(SOURCES[0]!.body, 'Rename')?.operationName).toBe('Rename');
    expect(manifest.match(SOURCES[0]!.body)).toBeUndefined();
    expect(manifest.match(SOURCES[0]!.body, 'Nope')).toBeUndefined();
  });

  it('refuses anything that differs: another selection, another name, unparseable, missing fragment', () => {
    expect(manifest.match('query Region($code: String!) { region(code: $code) { name } }')).toBeUndefined();
    expect(manifest.match(region.document.replace('query Region', 'query Other'))).toBeUndefined();
    expect(manifest.match('{ region(')).toBeUndefined();
    expect(manifest.match('query Region($code: String!) { region(code: $code) { ...RegionName parent { ...RegionCode } } }')).toBeUndefined();
    expect(manifest.byId(hex('{ __typename }'))).toBeUndefined();
  });

  it('limits the tokens of a document it parses', () => {
    const small = new TrustedDocumentManifest(manifest.documents(), 10);
    expect(small.match(region.document)).toBeUndefined();
  });

  it('refuses a manifest with a duplicate operation or fragment name', () => {
    expect(() => TrustedDocumentManifest.fromSources([SOURCES[0]!, { name: 'b.graphql', body: 'query Region { x }' }])).toThrow(/Region is defined twice/);
    expect(() => TrustedDocumentManifest.fromSources([SOURCES[0]!, { name: 'b.graphql', body: 'fragment RegionCode on Region { code }' }])).toThrow(/RegionCode is defined twice/);
  });

  it('loads every operation of the consumer contract from the default directory (its manifest)', () => {
    const dir = loadGatewayConfig({}).TRUSTED_DOCUMENTS_DIR;
    const contract = TrustedDocumentManifest.fromDirectory(dir);
    const names = contract.documents().map((d) => d.operationName);
    for (const name of ['Region', 'HouseholdRoster', 'DropoutCases', 'SubsidyCoverageGaps', 'RegionDashboard', 'ImportHouseholds']) {
      expect(names).toContain(name);
    }
    const files = fs.readdirSync(CONTRACT_SOURCES).filter((f) => f.endsWith('.graphql'));
    const operations = files.flatMap((f) => [...fs.readFileSync(path.join(CONTRACT_SOURCES, f), 'utf8').matchAll(/^(query|mutation|subscription) (\w+)/gm)]);
    expect(contract.size).toBe(operations.length);
    expect(contract.toManifestFile()).toEqual(TrustedDocumentManifest.fromDirectory(CONTRACT_SOURCES).toManifestFile());
  });

  it('allow-lists every document of the typed client (what consumers actually send)', () => {
    const contract = TrustedDocumentManifest.fromDirectory(loadGatewayConfig({}).TRUSTED_DOCUMENTS_DIR);
    const documents = Object.entries(graphClient).filter(([name]) => name.endsWith('Document'));
    expect(documents.length).toBeGreaterThan(25);
    for (const [name, document] of documents) {
      expect([name, contract.match(print(document as DocumentNode))?.operationName]).toEqual([name, name.replace(/Document$/, '')]);
    }
  });

  it('fails loudly when the directory is missing', () => {
    expect(() => TrustedDocumentManifest.fromDirectory(path.join(os.tmpdir(), 'no-such-epg-dir'))).toThrow(/TRUSTED_DOCUMENTS_DIR/);
  });
});

describe('trusted documents from hash → document manifests (client-preset persisted documents)', () => {
  const query = 'query Region($code: String!) {\n  region(code: $code) {\n    ...RegionName\n  }\n}\n\nfragment RegionName on Region {\n  name\n}';
  const twoOperations = 'query A { __typename }\nquery B { __typename }';

  it('reads each entry, keyed by the sha256 of its text, matchable by id and by text', () => {
    const manifest = new TrustedDocumentManifest(documentsOfManifest({ [hex(query)]: query }, 'team.json'));
    expect(manifest.byId(hex(query))?.document).toBe(query);
    expect(manifest.match('fragment RegionName on Region { name } query Region($code: String!) { region(code: $code) { ...RegionName } }')?.hash).toBe(hex(query));
  });

  it('runs the named operation of an entry that holds several', () => {
    const manifest = new TrustedDocumentManifest(documentsOfManifest({ [hex(twoOperations)]: twoOperations }, 'team.json'));
    expect(manifest.byId(hex(twoOperations))).toBeUndefined();
    expect(manifest.byId(hex(twoOperations), 'B')?.operationName).toBe('B');
    expect(manifest.match('query A { __typename }')?.operationName).toBe('A');
  });

  it('refuses a manifest whose id is not the sha256 of its document, or that is not hash → document', () => {
    expect(() => documentsOfManifest({ [hex('query X { a }')]: 'query X { b }' }, 'team.json')).toThrow(/team.json: .* is not the sha256 of its document/);
    expect(() => documentsOfManifest({ abc: 'query X { a }' }, 'team.json')).toThrow(/not a sha256/);
    expect(() => documentsOfManifest([query], 'team.json')).toThrow(/JSON object/);
    expect(() => documentsOfManifest({ [hex('fragment F on Q { a }')]: 'fragment F on Q { a }' }, 'team.json')).toThrow(/no operation/);
  });
});

describe('trusted document store (TRUSTED_DOCUMENTS_DIR read again)', () => {
  const logger = pino({ level: 'silent' });
  const a = 'query A { __typename }';
  const b = 'query B { __typename }';

  function tempDir(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'epg-trusted-'));
    fs.writeFileSync(path.join(dir, 'contract.json'), JSON.stringify({ [hex(a)]: a }));
    return dir;
  }

  it('picks up a new manifest, keeps the last good version of a broken one, drops a removed one', () => {
    const dir = tempDir();
    const store = new TrustedDocumentStore({ dir, maxTokens: 1000, pollMs: 0, logger });
    expect(store.current().match(b)).toBeUndefined();
    fs.writeFileSync(path.join(dir, 'team.json'), JSON.stringify({ [hex(b)]: b }));
    expect(store.reload()).toBe(true);
    expect(store.current().match(b)?.operationName).toBe('B');
    expect(store.current().match(a)?.operationName).toBe('A');
    fs.writeFileSync(path.join(dir, 'team.json'), '{ "half-writ');
    store.reload();
    expect(store.current().match(b)?.operationName).toBe('B');
    fs.rmSync(path.join(dir, 'team.json'));
    expect(store.reload()).toBe(true);
    expect(store.current().match(b)).toBeUndefined();
    expect(store.reload()).toBe(false);
  });

  it('refuses to start with a manifest that does not load', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'team.json'), JSON.stringify({ [hex(a)]: b }));
    expect(() => new TrustedDocumentStore({ dir, maxTokens: 1000, pollMs: 0, logger })).toThrow(/team.json does not load/);
  });
});

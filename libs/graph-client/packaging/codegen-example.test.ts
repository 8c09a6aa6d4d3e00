import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'graphql';
import exampleConfig from '../codegen.example';

const libRoot = path.resolve(__dirname, '..');
const tsx = path.resolve(libRoot, '../../node_modules/tsx/dist/cli.mjs');

/** A team's own operation, written with the generated `graphql()` tag as the README shows. */
const TEAM_OPERATION = `import { graphql } from './gql';

export const SchoolNamesQuery = graphql(\`
  query SchoolNames($filter: SchoolFilter!, $after: String) {
    schools(filter: $filter, first: 100, after: $after) {
      pageInfo { hasNextPage endCursor }
      edges { node { id name type } }
    }
  }
\`);
`;

describe('the codegen example a frontend team copies', () => {
  let work: string;

  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'graph-client-codegen-'));
    fs.mkdirSync(path.join(work, 'src'));
    fs.writeFileSync(path.join(work, 'src/schools.ts'), TEAM_OPERATION);
  });

  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it('reads the schema the package ships and keeps its output folder out of the documents', () => {
    expect(exampleConfig.schema).toBe('node_modules/@epg/graph-client/schema.graphql');
    expect(exampleConfig.documents).toEqual(['src/**/*.{ts,tsx,graphql}', '!src/gql/**/*']);
  });

  it('types the operation and writes a sha256 → document manifest of it', async () => {
    const outDir = path.join(work, 'src/gql/');
    execFileSync(
      process.execPath,
      [tsx, path.join(__dirname, 'run-codegen-example.ts'), path.join(libRoot, 'schema.graphql'), path.join(work, 'src/**/*.ts'), outDir],
      { stdio: 'inherit' },
    );

    const manifest = JSON.parse(fs.readFileSync(path.join(outDir, 'persisted-documents.json'), 'utf8')) as Record<string, string>;
    const entries = Object.entries(manifest);
    expect(entries).toHaveLength(1);
    const [hash, document] = entries[0]!;
    expect(hash).toBe(createHash('sha256').update(document, 'utf8').digest('hex'));
    expect(parse(document).definitions[0]).toMatchObject({ kind: 'OperationDefinition', name: { value: 'SchoolNames' } });

    const types = fs.readFileSync(path.join(outDir, 'graphql.ts'), 'utf8');
    expect(types).toMatch(/export type SchoolNamesQuery = /);
    expect(types).toContain(`"hash":"${hash}"`);
  }, 120_000);
});

import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildPackage, withJsExtensions } from './build';

const workspaceRoot = path.resolve(__dirname, '../../..');
const tsc = path.join(workspaceRoot, 'node_modules/typescript/bin/tsc');

/** A frontend team's code: imports the package by name, sends a typed document, reads typed data. */
const CONSUMER = `
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { SchoolsDocument, type SchoolsQuery, type SchoolsQueryVariables, type SchoolType } from '@epg/graph-client';

declare function request<TData, TVariables>(document: TypedDocumentNode<TData, TVariables>, variables: TVariables): Promise<TData>;

const variables: SchoolsQueryVariables = { filter: { regionCode: '360323', type: 'PRIMARY' }, first: 50 };
export async function primarySchoolNames(): Promise<string[]> {
  const data: SchoolsQuery = await request(SchoolsDocument, variables);
  const type: SchoolType = data.schools.edges[0]!.node.type;
  return data.schools.edges.map((edge) => edge.node.name + type);
}
`;

/**
 * A node_modules in `dir` as `npm install @epg/graph-client` leaves it: the built package and its
 * two dependencies, which the package (also inside `dir`) and the consumers find by walking up.
 */
function installInto(dir: string, packageDir: string): void {
  fs.mkdirSync(path.join(dir, 'node_modules/@epg'), { recursive: true });
  fs.symlinkSync(packageDir, path.join(dir, 'node_modules/@epg/graph-client'), 'dir');
  for (const dep of ['@graphql-typed-document-node', 'graphql']) {
    fs.symlinkSync(fs.realpathSync(path.join(workspaceRoot, 'node_modules', dep)), path.join(dir, 'node_modules', dep), 'dir');
  }
}

/** A consumer project (ESM, strict, nodenext resolution) under the installed node_modules. */
function consumerProject(consumer: string, source: string): string {
  fs.mkdirSync(consumer, { recursive: true });
  fs.writeFileSync(path.join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  fs.writeFileSync(
    path.join(consumer, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { target: 'ES2022', lib: ['ES2022', 'DOM'], module: 'nodenext', moduleResolution: 'nodenext', strict: true, noEmit: true, types: [], skipLibCheck: false },
      include: ['main.ts'],
    }),
  );
  fs.writeFileSync(path.join(consumer, 'main.ts'), source);
  return consumer;
}

const typeCheck = (consumer: string) =>
  spawnSync(process.execPath, [tsc, '-p', path.join(consumer, 'tsconfig.json')], { encoding: 'utf8' });

describe('@epg/graph-client as an installable package', () => {
  let work: string;
  let packageDir: string;

  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'graph-client-'));
    packageDir = path.join(work, 'package');
    buildPackage(packageDir);
    installInto(work, packageDir);
  }, 120_000);

  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it('builds ES modules with declarations and a package.json naming them', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
    expect(manifest).toMatchObject({ name: '@epg/graph-client', type: 'module', exports: { '.': { types: './index.d.ts', import: './index.js' } } });
    for (const file of ['index.js', 'index.d.ts', 'generated/operations.js', 'generated/operations.d.ts', 'schema.graphql', 'README.md', 'codegen.example.ts']) {
      expect(fs.existsSync(path.join(packageDir, file))).toBe(true);
    }
    expect(fs.readFileSync(path.join(packageDir, 'index.js'), 'utf8')).toContain("export * from './generated/operations.js'");
  });

  it('type-checks a consumer that imports it by name', () => {
    const result = typeCheck(consumerProject(path.join(work, 'good'), CONSUMER));
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  }, 120_000);

  it('makes the consumer fail on a field the operation does not select or a wrong variable', () => {
    const broken = CONSUMER.replace('edge.node.name', 'edge.node.principal').replace("first: 50", "first: '50'");
    const result = typeCheck(consumerProject(path.join(work, 'bad'), broken));
    expect(result.status).not.toBe(0);
    expect(result.stdout).toMatch(/Property 'principal' does not exist/);
    expect(result.stdout).toMatch(/Type 'string' is not assignable to type 'number'/);
  }, 120_000);

  it('loads in Node as an ES module', () => {
    const consumer = consumerProject(path.join(work, 'runtime'), CONSUMER);
    const out = execFileSync(
      process.execPath,
      ['--input-type=module', '-e', "const m = await import('@epg/graph-client'); console.log(m.SchoolsDocument.kind, m.SchoolsDocument.definitions[0].name.value)"],
      { cwd: consumer, encoding: 'utf8' },
    );
    expect(out.trim()).toBe('Document Schools');
  });
});

describe('relative specifiers in emitted files', () => {
  it('gain .js; package specifiers and explicit extensions stay', () => {
    expect(withJsExtensions("export * from './generated/operations';")).toBe("export * from './generated/operations.js';");
    expect(withJsExtensions('import type { A } from "../a";\nconst b = import("./b");')).toBe('import type { A } from "../a.js";\nconst b = import("./b.js");');
    expect(withJsExtensions("import type { T } from '@graphql-typed-document-node/core';")).toBe("import type { T } from '@graphql-typed-document-node/core';");
    expect(withJsExtensions("export * from './x.js';")).toBe("export * from './x.js';");
  });
});

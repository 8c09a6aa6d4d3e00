/**
 * Compiles one app for its image (the `build` stage of infra/docker/<app>.Dockerfile runs it with
 * the full, dev-inclusive node_modules): the TypeScript its entry points reach becomes CommonJS in
 * `<out>/` with the repository's layout (`apps/households/src/main.js`, `tools/ops/migrate.js`, …),
 * the files it reads at run time (`*.graphql`, data `*.json`, the gateway's supergraph and
 * allow-list) are copied beside it, and every `@epg/*` path alias becomes a tiny package in
 * `<out>/node_modules/@epg/` that re-exports its target — so the runtime stage needs neither tsx
 * nor TypeScript, only the production dependencies (`npm ci --omit=dev`).
 *
 * tsc (not esbuild) compiles: TypeORM reads column types from `emitDecoratorMetadata`, which
 * esbuild does not emit.
 *
 *   npx tsx infra/docker/build.ts <app> [--out dist]
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { ROOT, runtimeProjects } from '../test/runtime-deps';

/** The entry points of an app's image: its main, and for a service the migration Job's. */
export function entryPoints(app: string): { entries: string[]; extra: string[] } {
  const entries = [`apps/${app}/src/main.ts`];
  const extra = app === 'gateway' ? [] : ['tools/ops/migrate.ts', `apps/${app}/src/index.ts`];
  return { entries, extra };
}

/** Files an app reads at run time besides its sources (relative to the repository root). */
export const RUNTIME_DATA: Record<string, string[]> = {
  gateway: ['apps/gateway/supergraph.graphql', 'tools/contract/documents', 'tools/contract/trusted-documents'],
};

const DATA_FILE = /\.(graphql|json)$/;
const NOT_DATA = /(^|\/)(project|package|codegen|tsconfig[\w.-]*|\.eslintrc[\w.-]*)\.json$|\.test\.|__fixtures__|(^|\/)generated\//;

function copy(from: string, to: string): void {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.cpSync(from, to, { recursive: true });
}

/** Every `*.graphql` and data `*.json` under a project's directory (tests and configs left out). */
function dataFiles(project: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      const rel = `${dir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') walk(rel);
      } else if (DATA_FILE.test(entry.name) && !NOT_DATA.test(rel)) out.push(rel);
    }
  };
  walk(project);
  return out;
}

/** `@epg/x` → a package whose index.js re-exports the compiled alias target. */
function aliasPackages(out: string): void {
  const base = JSON.parse(fs.readFileSync(path.join(ROOT, 'tsconfig.base.json'), 'utf8')) as { compilerOptions: { paths: Record<string, string[]> } };
  for (const [alias, [target]] of Object.entries(base.compilerOptions.paths)) {
    if (alias.includes('*')) continue;
    const compiled = path.join(out, target.replace(/\.ts$/, '.js'));
    if (!fs.existsSync(compiled)) continue; // a project this app does not run
    const dir = path.join(out, 'node_modules', alias);
    fs.mkdirSync(dir, { recursive: true });
    const relative = path.relative(dir, compiled).split(path.sep).join('/');
    fs.writeFileSync(path.join(dir, 'index.js'), `module.exports = require(${JSON.stringify(relative.startsWith('.') ? relative : `./${relative}`)});\n`);
  }
}

export function build(app: string, out: string): string[] {
  const { entries, extra } = entryPoints(app);
  const config = ts.getParsedCommandLineOfConfigFile(path.join(ROOT, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  if (!config) throw new Error('tsconfig.json not readable');
  const options: ts.CompilerOptions = {
    ...config.options,
    noEmit: false,
    outDir: out,
    rootDir: ROOT,
    sourceMap: false,
    declaration: false,
    types: ['node'],
  };
  const program = ts.createProgram([...entries, ...extra].map((f) => path.join(ROOT, f)), options);
  const result = program.emit();
  const errors = [...ts.getPreEmitDiagnostics(program), ...result.diagnostics].filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length || result.emitSkipped) {
    throw new Error(ts.formatDiagnostics(errors, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => ROOT, getNewLine: () => '\n' }));
  }
  const projects = runtimeProjects(entries, extra);
  for (const file of [...projects.flatMap(dataFiles), ...(RUNTIME_DATA[app] ?? [])]) copy(path.join(ROOT, file), path.join(out, file));
  aliasPackages(out);
  return projects;
}

if (require.main === module) {
  const [app] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const outIndex = process.argv.indexOf('--out');
  const out = path.resolve(outIndex > 0 ? process.argv[outIndex + 1] : path.join(ROOT, 'dist', app ?? ''));
  if (!app || !fs.existsSync(path.join(ROOT, 'apps', app, 'src/main.ts'))) {
    console.error('usage: tsx infra/docker/build.ts <app> [--out dir]');
    process.exit(2);
  }
  const projects = build(app, out);
  console.log(`build: ${app} → ${path.relative(process.cwd(), out) || '.'} (${projects.join(', ')})`);
}

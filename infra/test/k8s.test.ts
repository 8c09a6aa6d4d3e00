import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { APPS } from '../docker/generate';
import { DATABASE_CLIENT_LABEL, ENVIRONMENTS, manifests, metricsPort, MONITORING_NAMESPACE, SUPERGRAPH_CONFIGMAP, supergraphFile } from '../k8s/generate';
import { kubectlAvailable, kustomizationDirs, podSpecOf, render, renderWithJs, renderWithKubectl, type Obj } from './kustomize';
import { ROOT } from './runtime-deps';

const K8S = path.join(ROOT, 'infra/k8s');
const SERVICES = APPS.filter((a) => a.name !== 'gateway');
const DIRS = kustomizationDirs(K8S);
const rel = (dir: string) => path.relative(K8S, dir) || '.';
const rendered = new Map(DIRS.map((dir) => [rel(dir), render(dir)]));
const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob']);

const workloads = (docs: Obj[]) => docs.filter((d) => WORKLOADS.has(d.kind));
const find = (docs: Obj[], kind: string, name: string) => docs.find((d) => d.kind === kind && d.metadata?.name === name);
const matches = (selector: Obj | undefined, labels: Obj) =>
  selector !== undefined && Object.entries((selector.matchLabels ?? {}) as Obj).every(([k, v]) => labels[k] === v);

/** The ingress rules of the policies selecting pods with `labels` that admit `port`. */
function admittersOf(policies: Obj[], labels: Obj, port: number): Obj[] {
  return policies
    .filter((p) => matches(p.spec.podSelector, labels))
    .flatMap((p) => p.spec.ingress as Obj[])
    .filter((rule) => !rule.ports || (rule.ports as Obj[]).some((p) => p.port === port));
}

describe('Kubernetes manifests', () => {
  it('are what infra/k8s/generate.ts writes', () => {
    for (const [file, content] of Object.entries(manifests())) expect(fs.readFileSync(path.join(K8S, file), 'utf8')).toBe(content);
  });

  it('every kustomization renders: base, migrations, and per environment the apps and the migrations', () => {
    const expected = ['base', 'migrations', ...Object.keys(ENVIRONMENTS).flatMap((e) => [`overlays/${e}`, `overlays/${e}/migrations`])];
    expect([...rendered.keys()].sort()).toEqual(expected.sort());
    for (const docs of rendered.values()) expect(workloads(docs).length).toBeGreaterThan(0);
  });

  it('the JS renderer renders what kubectl renders (when kubectl is installed), and both refuse files outside a kustomization', () => {
    const summary = (docs: Obj[]) =>
      docs
        .map((d) => [d.kind, d.metadata.namespace ?? '', d.metadata.name, JSON.stringify(Object.entries((d.metadata.labels ?? {}) as Obj).sort()), ...(podSpecOf(d)?.containers ?? []).map((c: Obj) => c.image)].join(' '))
        .sort();
    const outside = fs.mkdtempSync(path.join(K8S, '.outside-'));
    try {
      fs.writeFileSync(path.join(outside, 'kustomization.yaml'), 'resources:\n  - ../base/gateway.yaml\n');
      expect(() => renderWithJs(outside)).toThrow(/security/);
      if (kubectlAvailable()) expect(() => renderWithKubectl(outside)).toThrow(/security/);
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
    if (!kubectlAvailable()) return;
    for (const dir of DIRS) expect(summary(renderWithJs(dir))).toEqual(summary(renderWithKubectl(dir)));
  });

  describe.each([...rendered.keys()])('%s', (dir) => {
    const docs = rendered.get(dir)!;

    it('every pod meets the restricted Pod Security Standard, with a read-only root and an emptyDir /tmp', () => {
      expect(workloads(docs).length).toBeGreaterThan(0);
      for (const w of workloads(docs)) {
        const spec = podSpecOf(w)!;
        expect(spec.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
        expect(spec.hostNetwork ?? false).toBe(false);
        expect(spec.hostPID ?? false).toBe(false);
        expect(spec.automountServiceAccountToken).toBe(false);
        for (const c of [...(spec.initContainers ?? []), ...spec.containers] as Obj[]) {
          const sc = c.securityContext as Obj;
          expect({ workload: w.metadata.name, sc }).toEqual({
            workload: w.metadata.name,
            sc: expect.objectContaining({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } }) as Obj,
          });
          expect(sc.privileged ?? false).toBe(false);
          expect(sc.runAsUser ?? spec.securityContext.runAsUser).toBeGreaterThan(0);
          const tmp = (c.volumeMounts as Obj[]).find((m) => m.mountPath === '/tmp');
          expect((spec.volumes as Obj[]).find((v) => v.name === tmp?.name)?.emptyDir).toBeDefined();
        }
        for (const v of spec.volumes as Obj[]) expect(v.hostPath).toBeUndefined();
      }
    });

    it('images are pinned: a version tag or a digest, never latest or none', () => {
      for (const w of workloads(docs)) {
        for (const c of podSpecOf(w)!.containers as Obj[]) {
          expect(c.image).toMatch(/^[^:@]+(:[\w][\w.-]{0,127}|@sha256:[0-9a-f]{64})$/);
          expect(c.image).not.toMatch(/:latest$/);
        }
      }
    });
  });

  describe.each(Object.entries(ENVIRONMENTS))('overlay %s', (env, { namespace, tag }) => {
    const docs = rendered.get(`overlays/${env}`)!;
    const jobs = rendered.get(`overlays/${env}/migrations`)!;
    const policies = docs.filter((d) => d.kind === 'NetworkPolicy');
    const podLabels = (name: string) => find(docs, 'Deployment', name)!.spec.template.metadata.labels as Obj;

    it('everything in its namespace, which enforces the restricted profile; images at its tag', () => {
      const ns = find(docs, 'Namespace', namespace)!;
      expect(ns.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
      for (const d of [...docs, ...jobs]) if (d.kind !== 'Namespace') expect(d.metadata.namespace).toBe(namespace);
      for (const w of [...workloads(docs), ...workloads(jobs)]) for (const c of podSpecOf(w)!.containers as Obj[]) expect(c.image).toMatch(new RegExp(`:${tag}$`));
    });

    it.each(APPS.map((a) => a.name))('%s: Deployment (probes, metrics port, secrets by reference), Service (http only), HPA, PodDisruptionBudget', (name) => {
      const app = APPS.find((a) => a.name === name)!;
      const deployment = find(docs, 'Deployment', name)!;
      expect(deployment.spec.template.metadata.labels).toEqual(expect.objectContaining(deployment.spec.selector.matchLabels));
      const [c] = deployment.spec.template.spec.containers as Obj[];
      expect(c.livenessProbe.httpGet).toEqual({ path: '/health', port: 'http' });
      expect(c.readinessProbe.httpGet).toEqual({ path: '/ready', port: 'http' });
      expect(c.ports).toEqual([
        { name: 'http', containerPort: app.port },
        { name: 'metrics', containerPort: metricsPort(app.port) },
      ]);
      for (const kind of ['requests', 'limits']) expect(c.resources[kind]).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
      // The province computation (subsidies) may use up to its benchmark target, 1 GiB.
      expect(c.resources.limits.memory).toBe(name === 'subsidies' ? '1Gi' : '768Mi');
      const envs = new Map<string, Obj>((c.env as Obj[]).map((e) => [e.name, e]));
      const secrets = ['AUTH_JWT_SECRET', 'INTERNAL_TOKEN_SECRET', ...(name === 'gateway' ? [] : [`${name.toUpperCase()}_DATABASE_URL`])];
      for (const key of secrets) expect(envs.get(key)).toEqual({ name: key, valueFrom: { secretKeyRef: { name: 'epg-secrets', key } } });
      for (const e of envs.values()) if (/SECRET|DATABASE_URL|PASSWORD/.test(e.name)) expect(e.valueFrom?.secretKeyRef).toBeDefined();
      expect(envs.get('PORT')?.value).toBe(String(app.port));
      expect(envs.get('METRICS_PORT')?.value).toBe(String(metricsPort(app.port)));
      const annotations = deployment.spec.template.metadata.annotations as Obj;
      expect(annotations).toMatchObject({ 'prometheus.io/port': String(metricsPort(app.port)), 'prometheus.io/path': '/metrics' });
      if (name === 'gateway') {
        for (const s of SERVICES) expect(envs.get(`${s.name.toUpperCase()}_URL`)?.value).toBe(`http://${s.name}:${s.port}/graphql`);
        // The supergraph comes from the environment's ConfigMap, mounted as a directory (updated in place).
        const volume = (deployment.spec.template.spec.volumes as Obj[]).find((v) => v.configMap?.name === SUPERGRAPH_CONFIGMAP)!;
        const mount = (c.volumeMounts as Obj[]).find((m) => m.name === volume.name)!;
        expect(mount.subPath).toBeUndefined();
        expect(envs.get('SUPERGRAPH_PATH')?.value).toBe(`${mount.mountPath}/supergraph.graphql`);
        const configMap = find(docs, 'ConfigMap', SUPERGRAPH_CONFIGMAP)!;
        expect(configMap.data['supergraph.graphql']).toBe(fs.readFileSync(path.join(K8S, supergraphFile(env as keyof typeof ENVIRONMENTS)), 'utf8'));
      } else {
        expect(envs.get('MIGRATE_ON_START')?.value).toBe('false');
      }

      const service = find(docs, 'Service', name)!;
      expect(service.spec.type).toBe('ClusterIP');
      expect(service.spec.selector).toEqual({ 'app.kubernetes.io/name': name });
      expect(service.spec.ports).toEqual([{ name: 'http', port: app.port, targetPort: 'http' }]);

      const hpa = find(docs, 'HorizontalPodAutoscaler', name)!;
      expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name });
      expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);

      const pdbs = docs.filter((d) => d.kind === 'PodDisruptionBudget' && matches(d.spec.selector, podLabels(name)));
      expect(pdbs).toHaveLength(1);
      expect(pdbs[0].apiVersion).toBe('policy/v1');
      expect(pdbs[0].spec.minAvailable).toBeLessThan(hpa.spec.minReplicas);
      expect(pdbs[0].spec.minAvailable).toBeGreaterThanOrEqual(1);
    });

    it.each(SERVICES.map((s) => s.name))('%s: only the gateway reaches its HTTP port, only the monitoring namespace its metrics port', (name) => {
      const app = APPS.find((a) => a.name === name)!;
      const http = admittersOf(policies, podLabels(name), app.port);
      expect(http.length).toBeGreaterThan(0);
      for (const rule of http) expect(rule.from).toEqual([{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'gateway' } } }]);
      // No other workload carries the gateway's label.
      const gatewayPods = [...workloads(docs), ...workloads(jobs)].filter((w) => w.spec.template.metadata.labels['app.kubernetes.io/name'] === 'gateway');
      expect(gatewayPods.map((w) => `${w.kind}/${w.metadata.name}`)).toEqual(['Deployment/gateway']);
      const metrics = admittersOf(policies, podLabels(name), metricsPort(app.port));
      expect(metrics.length).toBeGreaterThan(0);
      for (const rule of metrics) {
        expect(rule.from).toEqual([{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': MONITORING_NAMESPACE } } }]);
      }
    });

    it('the gateway: its HTTP port open (the Ingress), its metrics port only to the monitoring namespace', () => {
      const gateway = APPS.find((a) => a.name === 'gateway')!;
      expect(admittersOf(policies, podLabels('gateway'), gateway.port).some((r) => !r.from)).toBe(true);
      for (const rule of admittersOf(policies, podLabels('gateway'), metricsPort(gateway.port))) {
        expect(rule.from).toEqual([{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': MONITORING_NAMESPACE } } }]);
      }
    });

    it('only the services and their migration Jobs reach PostgreSQL', () => {
      const rules = admittersOf(policies, { 'app.kubernetes.io/name': 'postgresql' }, 5432);
      expect(rules.length).toBeGreaterThan(0);
      for (const rule of rules) expect(rule.from).toEqual([{ podSelector: { matchLabels: { [DATABASE_CLIENT_LABEL]: 'true' } } }]);
      const clients = [...workloads(docs), ...workloads(jobs)].filter((w) => w.spec.template.metadata.labels[DATABASE_CLIENT_LABEL] === 'true');
      expect(clients.map((w) => w.metadata.name).sort()).toEqual([...SERVICES.map((s) => s.name), ...SERVICES.map((s) => `${s.name}-migrate`)].sort());
    });

    it.each(SERVICES.map((s) => s.name))('%s: a migration Job running tools/ops/migrate against its own database, same image', (name) => {
      const job = find(jobs, 'Job', `${name}-migrate`)!;
      expect(job.spec.template.spec.restartPolicy).toBe('Never');
      const [c] = job.spec.template.spec.containers as Obj[];
      expect(c.command).toEqual(['node', 'tools/ops/migrate.js', '--service', name]);
      expect(fs.existsSync(path.join(ROOT, 'tools/ops/migrate.ts'))).toBe(true);
      expect(c.image).toBe(find(docs, 'Deployment', name)!.spec.template.spec.containers[0].image);
      const key = `${name.toUpperCase()}_DATABASE_URL`;
      expect((c.env as Obj[]).find((e) => e.name === key)?.valueFrom?.secretKeyRef).toEqual({ name: 'epg-secrets', key });
    });
  });

  it('the Secret is only a template, in no kustomization', () => {
    for (const docs of rendered.values()) expect(docs.filter((d) => d.kind === 'Secret')).toEqual([]);
    const secret = parse(fs.readFileSync(path.join(K8S, 'secret.example.yaml'), 'utf8')) as Obj;
    expect(Object.keys(secret.stringData).sort()).toEqual(['AUTH_JWT_SECRET', 'INTERNAL_TOKEN_SECRET', ...SERVICES.map((s) => `${s.name.toUpperCase()}_DATABASE_URL`)].sort());
    for (const v of Object.values(secret.stringData) as string[]) expect(v).toMatch(/REPLACE/);
  });
});

/**
 * Writes the Kubernetes manifests under infra/k8s/ (plain YAML, kustomize):
 *
 *   base/                 per app a Deployment, a Service, a HorizontalPodAutoscaler and a
 *                         PodDisruptionBudget; the NetworkPolicies (apps only, no namespace, no tags
 *                         an environment would deploy: overlays set them)
 *   migrations/           one migration Job per subgraph service (a kustomization of its own, so the
 *                         Jobs run before the rolling update; every file inside its directory)
 *   overlays/<env>/       namespace (Pod Security "restricted" enforced), pinned image tags, and the
 *                         environment's supergraph ConfigMap (overlays/<env>/supergraph.graphql,
 *                         written by `npm run release:subgraph`, hot-swapped by the gateway)
 *   overlays/<env>/migrations/   the same namespace and tags for the Jobs
 *   secret.example.yaml   a template (not applied)
 *
 * Every pod meets the "restricted" Pod Security Standard (non-root, seccomp RuntimeDefault, no
 * privilege escalation, all capabilities dropped) with a read-only root filesystem and `/tmp` as
 * an emptyDir.
 *
 *   npx tsx infra/k8s/generate.ts           write them
 *   npx tsx infra/k8s/generate.ts --check   fail when one differs (the infra tests do this too)
 */
import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { APPS } from '../docker/generate';

const DIR = __dirname;
export const SECRET_NAME = 'epg-secrets';
export const IMAGE_REGISTRY = 'registry.example.invalid/epg';
/** The ConfigMap holding the gateway's supergraph (one key, `supergraph.graphql`). */
export const SUPERGRAPH_CONFIGMAP = 'epg-supergraph';
export const SUPERGRAPH_MOUNT = '/etc/epg/supergraph';
/** Pods allowed to open connections to PostgreSQL carry this label (the services and their Jobs). */
export const DATABASE_CLIENT_LABEL = 'epg/database-client';
/** The namespace Prometheus runs in: the only one that reaches the metrics ports. */
export const MONITORING_NAMESPACE = 'monitoring';
const SERVICES = APPS.filter((a) => a.name !== 'gateway');
type App = (typeof APPS)[number];

const VERSION = (JSON.parse(fs.readFileSync(path.join(DIR, '../../package.json'), 'utf8')) as { version: string }).version;

/**
 * The environments. `tag`: the image tag every app runs there — pinned (a release version or a
 * commit id, never a moving tag); the release pipeline changes it here and regenerates.
 */
export const ENVIRONMENTS = {
  dev: { namespace: 'epg-dev', tag: VERSION },
  prod: { namespace: 'epg', tag: VERSION },
} as const;

/** The metrics port of an app: its HTTP port + 1000 (METRICS_PORT's default). */
export const metricsPort = (port: number) => port + 1000;

type Manifest = Record<string, unknown>;

const component = (app: App) => (app.name === 'gateway' ? 'gateway' : 'subgraph');
const labels = (app: string) => ({ 'app.kubernetes.io/name': app, 'app.kubernetes.io/part-of': 'epg' });
const podLabels = (app: App) => ({
  ...labels(app.name),
  'app.kubernetes.io/component': component(app),
  ...(app.name === 'gateway' ? {} : { [DATABASE_CLIENT_LABEL]: 'true' }),
});
const secretEnv = (name: string, key = name) => ({ name, valueFrom: { secretKeyRef: { name: SECRET_NAME, key } } });
const plainEnv = (name: string, value: string | number) => ({ name, value: String(value) });
const databaseUrlKey = (service: string) => `${service.toUpperCase()}_DATABASE_URL`;
const image = (app: App) => `${IMAGE_REGISTRY}/${app.name}:${VERSION}`;

/** The "restricted" Pod Security Standard, pod level. */
const podSecurityContext = {
  runAsNonRoot: true,
  runAsUser: 1000,
  runAsGroup: 1000,
  fsGroup: 1000,
  seccompProfile: { type: 'RuntimeDefault' },
};

/** The "restricted" Pod Security Standard, container level, plus a read-only root filesystem. */
const containerSecurityContext = {
  runAsNonRoot: true,
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
};

// Node and tsx write only to /tmp.
const tmpVolume = { name: 'tmp', emptyDir: { sizeLimit: '256Mi' } };
const tmpMount = { name: 'tmp', mountPath: '/tmp' };

/**
 * Memory limits above the default 768Mi. subsidies: computeEntitlements for a province (765,000
 * students, 1,017,000 lines) peaks at 612–676 MiB RSS in `npm run bench -- entitlements` (session
 * 9, with SERVICE_NODE_OPTIONS), whose target is < 1 GiB; under 768Mi that left ~100 MiB for
 * everything else the process holds while it serves.
 */
const MEMORY_LIMITS: Partial<Record<string, string>> = { subsidies: '1Gi' };

function container(app: App, env: unknown[]): Manifest {
  const isGateway = app.name === 'gateway';
  return {
    name: app.name,
    image: image(app),
    imagePullPolicy: 'IfNotPresent',
    ports: [
      { name: 'http', containerPort: app.port },
      { name: 'metrics', containerPort: metricsPort(app.port) },
    ],
    env,
    // /health: the process answers (restart when not). /ready: its database is there and fully
    // migrated (or, for the gateway, its supergraph is loaded): no traffic until it is.
    startupProbe: { httpGet: { path: '/health', port: 'http' }, periodSeconds: 2, failureThreshold: 60 },
    livenessProbe: { httpGet: { path: '/health', port: 'http' }, periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3 },
    readinessProbe: { httpGet: { path: '/ready', port: 'http' }, periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 3 },
    resources: {
      requests: { cpu: '250m', memory: '384Mi' },
      limits: { cpu: '1', memory: MEMORY_LIMITS[app.name] ?? '768Mi' },
    },
    securityContext: containerSecurityContext,
    volumeMounts: [tmpMount, ...(isGateway ? [{ name: 'supergraph', mountPath: SUPERGRAPH_MOUNT, readOnly: true }] : [])],
  };
}

function deployment(app: App, env: unknown[]): Manifest {
  const isGateway = app.name === 'gateway';
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: app.name, labels: labels(app.name) },
    spec: {
      replicas: 2,
      selector: { matchLabels: { 'app.kubernetes.io/name': app.name } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
      template: {
        metadata: {
          labels: podLabels(app),
          // Prometheus scrapes the metrics port (its own, never behind the Service or an Ingress).
          annotations: {
            'prometheus.io/scrape': 'true',
            'prometheus.io/port': String(metricsPort(app.port)),
            'prometheus.io/path': '/metrics',
          },
        },
        spec: {
          automountServiceAccountToken: false,
          terminationGracePeriodSeconds: 30,
          securityContext: podSecurityContext,
          containers: [container(app, env)],
          // The supergraph ConfigMap is mounted as a directory (not subPath), so the kubelet
          // updates the file in place and the gateway hot-swaps it.
          volumes: [tmpVolume, ...(isGateway ? [{ name: 'supergraph', configMap: { name: SUPERGRAPH_CONFIGMAP } }] : [])],
        },
      },
    },
  };
}

function service(app: App): Manifest {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: app.name, labels: labels(app.name) },
    spec: {
      type: 'ClusterIP',
      selector: { 'app.kubernetes.io/name': app.name },
      // The HTTP port only: metrics are scraped from the pods.
      ports: [{ name: 'http', port: app.port, targetPort: 'http' }],
    },
  };
}

function hpa(app: App): Manifest {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: app.name, labels: labels(app.name) },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: app.name },
      minReplicas: 2,
      maxReplicas: app.name === 'gateway' ? 10 : 6,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
    },
  };
}

/** A node drain never takes the last ready pod of an app. */
function pdb(app: App): Manifest {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: app.name, labels: labels(app.name) },
    spec: {
      minAvailable: 1,
      selector: { matchLabels: { 'app.kubernetes.io/name': app.name } },
    },
  };
}

const fromMonitoring = { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': MONITORING_NAMESPACE } } };

/**
 * Who may call whom: the gateway's HTTP port is open (the Ingress reaches it); a subgraph's HTTP
 * port only from the gateway's pods; every metrics port only from the monitoring namespace;
 * PostgreSQL (pods labelled app.kubernetes.io/name=postgresql in the namespace) only from the
 * services and their migration Jobs. Anything else reaching these pods is dropped.
 */
function networkPolicies(): Manifest[] {
  const policy = (name: string, podSelector: Manifest, ingress: Manifest[]): Manifest => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, labels: { 'app.kubernetes.io/part-of': 'epg' } },
    spec: { podSelector, policyTypes: ['Ingress'], ingress },
  });
  const gateway = APPS.find((a) => a.name === 'gateway')!;
  return [
    policy('gateway-ingress', { matchLabels: { 'app.kubernetes.io/name': 'gateway' } }, [
      { ports: [{ protocol: 'TCP', port: gateway.port }] },
      { from: [fromMonitoring], ports: [{ protocol: 'TCP', port: metricsPort(gateway.port) }] },
    ]),
    ...SERVICES.map((s) =>
      policy(`${s.name}-ingress`, { matchLabels: { 'app.kubernetes.io/name': s.name } }, [
        { from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'gateway' } } }], ports: [{ protocol: 'TCP', port: s.port }] },
        { from: [fromMonitoring], ports: [{ protocol: 'TCP', port: metricsPort(s.port) }] },
      ]),
    ),
    policy('postgresql-ingress', { matchLabels: { 'app.kubernetes.io/name': 'postgresql' } }, [
      { from: [{ podSelector: { matchLabels: { [DATABASE_CLIENT_LABEL]: 'true' } } }], ports: [{ protocol: 'TCP', port: 5432 }] },
    ]),
  ];
}

function migrationJob(app: App): Manifest {
  const c = container(app, [plainEnv('NODE_ENV', 'production'), secretEnv(databaseUrlKey(app.name)), plainEnv('LOG_LEVEL', 'info')]);
  const jobLabels = { ...labels(app.name), 'app.kubernetes.io/component': 'migration' };
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: `${app.name}-migrate`, labels: jobLabels },
    spec: {
      backoffLimit: 2,
      activeDeadlineSeconds: 900,
      ttlSecondsAfterFinished: 86400,
      template: {
        metadata: { labels: { ...jobLabels, [DATABASE_CLIENT_LABEL]: 'true' } },
        spec: {
          restartPolicy: 'Never',
          automountServiceAccountToken: false,
          securityContext: podSecurityContext,
          containers: [
            {
              name: 'migrate',
              image: c.image,
              imagePullPolicy: c.imagePullPolicy,
              // Each migration runs forward in its own transaction (migrationsTransactionMode: each).
              command: ['node', 'tools/ops/migrate.js', '--service', app.name],
              env: c.env,
              resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
              securityContext: c.securityContext,
              volumeMounts: [tmpMount],
            },
          ],
          volumes: [tmpVolume],
        },
      },
    },
  };
}

function serviceEnv(app: App): unknown[] {
  return [
    plainEnv('NODE_ENV', 'production'),
    plainEnv('HOST', '0.0.0.0'),
    plainEnv('PORT', app.port),
    plainEnv('METRICS_PORT', metricsPort(app.port)),
    // The migration Job migrates; pods never do (several replicas, no race). /ready stays false
    // while a migration the code knows is not applied yet.
    plainEnv('MIGRATE_ON_START', 'false'),
    plainEnv('SEED_DEMO', 'false'),
    plainEnv('GATEWAY_URL', 'http://gateway:4000/graphql'),
    plainEnv('DB_POOL_SIZE', 10),
    plainEnv('LOG_LEVEL', 'info'),
    secretEnv(databaseUrlKey(app.name)),
    secretEnv('AUTH_JWT_SECRET'),
    secretEnv('INTERNAL_TOKEN_SECRET'),
  ];
}

function gatewayEnv(app: App): unknown[] {
  return [
    plainEnv('NODE_ENV', 'production'),
    plainEnv('HOST', '0.0.0.0'),
    plainEnv('PORT', app.port),
    plainEnv('METRICS_PORT', metricsPort(app.port)),
    // The environment's supergraph (ConfigMap), re-read every SUPERGRAPH_POLL_SECONDS and swapped
    // in when it composes and still serves the contract.
    plainEnv('SUPERGRAPH_PATH', `${SUPERGRAPH_MOUNT}/supergraph.graphql`),
    plainEnv('SUPERGRAPH_POLL_SECONDS', 10),
    ...SERVICES.map((s) => plainEnv(`${s.name.toUpperCase()}_URL`, `http://${s.name}:${s.port}/graphql`)),
    plainEnv('SUBGRAPH_TIMEOUT_MS', 15000),
    plainEnv('TRUST_PROXY', '1'),
    plainEnv('LOG_LEVEL', 'info'),
    secretEnv('AUTH_JWT_SECRET'),
    secretEnv('INTERNAL_TOKEN_SECRET'),
  ];
}

function secretTemplate(): Manifest {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: SECRET_NAME, labels: { 'app.kubernetes.io/part-of': 'epg' } },
    type: 'Opaque',
    stringData: {
      AUTH_JWT_SECRET: 'REPLACE-with-at-least-32-random-bytes',
      INTERNAL_TOKEN_SECRET: 'REPLACE-with-at-least-32-random-bytes',
      ...Object.fromEntries(SERVICES.map((s) => [databaseUrlKey(s.name), `postgres://epg_${s.name}:REPLACE@postgres:5432/epg_${s.name}`])),
    },
  };
}

const HEADER = '# Generated by infra/k8s/generate.ts. Do not edit: change the generator and run it.\n';

function yamlDocs(docs: Manifest[]): string {
  return HEADER + docs.map((d) => stringify(d, { lineWidth: 0 })).join('---\n');
}

const kustomization = (body: Manifest): Manifest => ({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', ...body });
const images = (tag: string) => APPS.map((a) => ({ name: `${IMAGE_REGISTRY}/${a.name}`, newTag: tag }));

/** The file of an environment's supergraph (what its gateway serves), relative to infra/k8s. */
export const supergraphFile = (env: keyof typeof ENVIRONMENTS) => `overlays/${env}/supergraph.graphql`;

/** File name → content. */
export function manifests(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const app of APPS) {
    const isGateway = app.name === 'gateway';
    files[`base/${app.name}.yaml`] = yamlDocs([deployment(app, isGateway ? gatewayEnv(app) : serviceEnv(app)), service(app), hpa(app), pdb(app)]);
    if (!isGateway) files[`migrations/${app.name}-migrate-job.yaml`] = yamlDocs([migrationJob(app)]);
  }
  files['base/network-policies.yaml'] = yamlDocs(networkPolicies());
  files['base/kustomization.yaml'] = yamlDocs([
    kustomization({
      labels: [{ pairs: { 'app.kubernetes.io/part-of': 'epg' } }],
      resources: [...APPS.map((a) => `${a.name}.yaml`), 'network-policies.yaml'],
    }),
  ]);
  files['migrations/kustomization.yaml'] = yamlDocs([
    kustomization({
      labels: [{ pairs: { 'app.kubernetes.io/part-of': 'epg' } }],
      resources: SERVICES.map((s) => `${s.name}-migrate-job.yaml`),
    }),
  ]);
  for (const [env, { namespace, tag }] of Object.entries(ENVIRONMENTS)) {
    files[`overlays/${env}/namespace.yaml`] = yamlDocs([
      {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: {
          name: namespace,
          labels: {
            'app.kubernetes.io/part-of': 'epg',
            'pod-security.kubernetes.io/enforce': 'restricted',
            'pod-security.kubernetes.io/enforce-version': 'latest',
            'pod-security.kubernetes.io/warn': 'restricted',
            'pod-security.kubernetes.io/audit': 'restricted',
          },
        },
      },
    ]);
    files[`overlays/${env}/kustomization.yaml`] = yamlDocs([
      kustomization({
        namespace,
        resources: ['namespace.yaml', '../../base'],
        images: images(tag),
        // Updated in place (no hash suffix): the gateway re-reads the mounted file and swaps the
        // supergraph without a restart. supergraph.graphql is written by `npm run release:subgraph`.
        configMapGenerator: [{ name: SUPERGRAPH_CONFIGMAP, files: ['supergraph.graphql'] }],
        generatorOptions: { disableNameSuffixHash: true, labels: { 'app.kubernetes.io/part-of': 'epg' } },
      }),
    ]);
    files[`overlays/${env}/migrations/kustomization.yaml`] = yamlDocs([
      kustomization({ namespace, resources: ['../../../migrations'], images: images(tag) }),
    ]);
  }
  files['secret.example.yaml'] =
    '# A template: create the real Secret out of band (sealed-secrets, External Secrets, kubectl create secret);\n# no kustomization includes this file.\n' +
    yamlDocs([secretTemplate()]);
  return files;
}

/** Files the generator wrote before (one flat base): removed when writing. */
const OBSOLETE = ['kustomization.yaml', ...APPS.map((a) => `${a.name}.yaml`), ...SERVICES.map((s) => `${s.name}-migrate-job.yaml`)];

if (require.main === module) {
  const check = process.argv.includes('--check');
  const files = manifests();
  const stale = Object.entries(files).filter(([f, c]) => !fs.existsSync(path.join(DIR, f)) || fs.readFileSync(path.join(DIR, f), 'utf8') !== c);
  if (check) {
    if (stale.length) {
      console.error(`k8s: out of date (run npx tsx infra/k8s/generate.ts): ${stale.map(([f]) => f).join(', ')}`);
      process.exit(1);
    }
    console.log('k8s: manifests up to date');
  } else {
    for (const f of OBSOLETE) fs.rmSync(path.join(DIR, f), { force: true });
    for (const [f, c] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(DIR, f)), { recursive: true });
      fs.writeFileSync(path.join(DIR, f), c);
    }
    console.log(`k8s: wrote ${Object.keys(files).length} files`);
  }
}

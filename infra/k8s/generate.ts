/**
 * Writes the Kubernetes manifests under infra/k8s/ (plain YAML, a kustomize base):
 * per subgraph service a Deployment, a Service, a HorizontalPodAutoscaler and a migration Job;
 * the gateway's Deployment, Service and HPA; a Secret template (not applied).
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
const IMAGE_REGISTRY = 'registry.example.invalid/epg';
const SERVICES = APPS.filter((a) => a.name !== 'gateway');

type Manifest = Record<string, unknown>;

const labels = (app: string) => ({ 'app.kubernetes.io/name': app, 'app.kubernetes.io/part-of': 'epg' });
const secretEnv = (name: string, key = name) => ({ name, valueFrom: { secretKeyRef: { name: SECRET_NAME, key } } });
const plainEnv = (name: string, value: string | number) => ({ name, value: String(value) });
const databaseUrlKey = (service: string) => `${service.toUpperCase()}_DATABASE_URL`;

function container(app: (typeof APPS)[number], env: unknown[]): Manifest {
  return {
    name: app.name,
    image: `${IMAGE_REGISTRY}/${app.name}:latest`,
    imagePullPolicy: 'IfNotPresent',
    ports: [{ name: 'http', containerPort: app.port }],
    env,
    // /health: the process answers (restart when not). /ready: its database (or, for the gateway,
    // its schema) is there (no traffic until it is).
    startupProbe: { httpGet: { path: '/health', port: 'http' }, periodSeconds: 2, failureThreshold: 60 },
    livenessProbe: { httpGet: { path: '/health', port: 'http' }, periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3 },
    readinessProbe: { httpGet: { path: '/ready', port: 'http' }, periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 3 },
    resources: {
      requests: { cpu: '250m', memory: '384Mi' },
      limits: { cpu: '1', memory: '768Mi' },
    },
    securityContext: {
      runAsNonRoot: true,
      runAsUser: 1000,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    },
    // tsx keeps its compile cache in /tmp.
    volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
  };
}

function deployment(app: (typeof APPS)[number], env: unknown[]): Manifest {
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
          labels: labels(app.name),
          // Prometheus scrapes /metrics on the pod network; the Service/Ingress never publishes it.
          annotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': String(app.port), 'prometheus.io/path': '/metrics' },
        },
        spec: {
          terminationGracePeriodSeconds: 30,
          containers: [container(app, env)],
          volumes: [{ name: 'tmp', emptyDir: {} }],
        },
      },
    },
  };
}

function service(app: (typeof APPS)[number]): Manifest {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: app.name, labels: labels(app.name) },
    spec: {
      type: 'ClusterIP',
      selector: { 'app.kubernetes.io/name': app.name },
      ports: [{ name: 'http', port: app.port, targetPort: 'http' }],
    },
  };
}

function hpa(app: (typeof APPS)[number]): Manifest {
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

function migrationJob(app: (typeof APPS)[number]): Manifest {
  const c = container(app, [plainEnv('NODE_ENV', 'production'), secretEnv(databaseUrlKey(app.name)), plainEnv('LOG_LEVEL', 'info')]);
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: `${app.name}-migrate`, labels: { ...labels(app.name), 'app.kubernetes.io/component': 'migration' } },
    spec: {
      backoffLimit: 2,
      activeDeadlineSeconds: 900,
      ttlSecondsAfterFinished: 86400,
      template: {
        metadata: { labels: { ...labels(app.name), 'app.kubernetes.io/component': 'migration' } },
        spec: {
          restartPolicy: 'Never',
          containers: [
            {
              name: 'migrate',
              image: c.image,
              imagePullPolicy: c.imagePullPolicy,
              // Each migration runs forward in its own transaction (migrationsTransactionMode: each).
              command: ['node', '--import', 'tsx', 'tools/ops/migrate.ts', '--service', app.name],
              env: c.env,
              resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
              securityContext: c.securityContext,
              volumeMounts: c.volumeMounts,
            },
          ],
          volumes: [{ name: 'tmp', emptyDir: {} }],
        },
      },
    },
  };
}

function serviceEnv(app: (typeof APPS)[number]): unknown[] {
  return [
    plainEnv('NODE_ENV', 'production'),
    plainEnv('HOST', '0.0.0.0'),
    plainEnv('PORT', app.port),
    // The migration Job migrates; pods never do (several replicas, no race).
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

function gatewayEnv(app: (typeof APPS)[number]): unknown[] {
  return [
    plainEnv('NODE_ENV', 'production'),
    plainEnv('HOST', '0.0.0.0'),
    plainEnv('PORT', app.port),
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

/** File name → content. */
export function manifests(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const app of APPS) {
    const isGateway = app.name === 'gateway';
    const docs = [deployment(app, isGateway ? gatewayEnv(app) : serviceEnv(app)), service(app), hpa(app)];
    files[`${app.name}.yaml`] = yamlDocs(docs);
    if (!isGateway) files[`${app.name}-migrate-job.yaml`] = yamlDocs([migrationJob(app)]);
  }
  files['secret.example.yaml'] =
    '# A template: create the real Secret out of band (sealed-secrets, External Secrets, kubectl create secret);\n# kustomization.yaml does not include this file.\n' +
    yamlDocs([secretTemplate()]);
  files['kustomization.yaml'] = yamlDocs([
    {
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      labels: [{ pairs: { 'app.kubernetes.io/part-of': 'epg' } }],
      resources: APPS.map((a) => `${a.name}.yaml`),
    },
  ]);
  files['migrations/kustomization.yaml'] = yamlDocs([
    {
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      resources: SERVICES.map((s) => `../${s.name}-migrate-job.yaml`),
    },
  ]);
  return files;
}

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
    for (const [f, c] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(DIR, f)), { recursive: true });
      fs.writeFileSync(path.join(DIR, f), c);
    }
    console.log(`k8s: wrote ${Object.keys(files).length} files`);
  }
}

/**
 * Renders a kustomization: with `kubectl kustomize` when kubectl is installed, else with a small
 * renderer of the kustomize features infra/k8s uses (resources — files and directories —,
 * namespace, images, labels, configMapGenerator without hash suffix). The JS renderer refuses any
 * other field, so a manifest that starts to need more fails here instead of rendering wrong.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Obj = Record<string, any>;

const SUPPORTED = new Set(['apiVersion', 'kind', 'resources', 'namespace', 'images', 'labels', 'configMapGenerator', 'generatorOptions']);
const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'PriorityClass', 'StorageClass']);

export function kubectlAvailable(): boolean {
  return spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;
}

function parseDocs(text: string, source: string): Obj[] {
  return parseAllDocuments(text).flatMap((doc) => {
    if (doc.errors.length) throw new Error(`${source}: ${doc.errors.map((e) => e.message).join('; ')}`);
    const value = doc.toJS() as Obj | null;
    return value ? [value] : [];
  });
}

export function renderWithKubectl(dir: string): Obj[] {
  const out = spawnSync('kubectl', ['kustomize', dir], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (out.status !== 0) throw new Error(`kubectl kustomize ${dir}: ${out.stderr}`);
  return parseDocs(out.stdout, dir);
}

/** Pod templates of a workload (Deployment, StatefulSet, DaemonSet, Job; CronJob's job template). */
export function podSpecOf(doc: Obj): Obj | undefined {
  return doc.spec?.template?.spec ?? doc.spec?.jobTemplate?.spec?.template?.spec;
}

function withinRoot(root: string, file: string): void {
  const rel = path.relative(root, file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) throw new Error(`security: ${file} is not in or below ${root}`);
}

export function renderWithJs(dir: string): Obj[] {
  const k = parse(fs.readFileSync(path.join(dir, 'kustomization.yaml'), 'utf8')) as Obj;
  for (const key of Object.keys(k)) if (!SUPPORTED.has(key)) throw new Error(`${dir}: kustomization field ${key} is not supported by the JS renderer`);
  const docs: Obj[] = [];
  for (const resource of (k.resources ?? []) as string[]) {
    const target = path.resolve(dir, resource);
    if (fs.statSync(target).isDirectory()) docs.push(...renderWithJs(target));
    else {
      withinRoot(dir, target); // kustomize's load restrictor: files only in or below the kustomization
      docs.push(...parseDocs(fs.readFileSync(target, 'utf8'), target));
    }
  }
  const options = (k.generatorOptions ?? {}) as Obj;
  for (const generator of (k.configMapGenerator ?? []) as Obj[]) {
    if (!options.disableNameSuffixHash) throw new Error(`${dir}: only configMapGenerator without hash suffix is supported`);
    const data: Record<string, string> = {};
    for (const file of generator.files as string[]) {
      const target = path.resolve(dir, file);
      withinRoot(dir, target);
      data[path.basename(file)] = fs.readFileSync(target, 'utf8');
    }
    docs.push({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: generator.name, ...(options.labels ? { labels: { ...options.labels } } : {}) }, data });
  }
  for (const { pairs } of (k.labels ?? []) as Obj[]) {
    for (const doc of docs) doc.metadata.labels = { ...(doc.metadata.labels ?? {}), ...pairs };
  }
  if (k.namespace) {
    for (const doc of docs) if (!CLUSTER_SCOPED.has(doc.kind)) doc.metadata.namespace = k.namespace;
  }
  for (const { name, newTag, newName } of (k.images ?? []) as Obj[]) {
    for (const doc of docs) {
      const spec = podSpecOf(doc);
      for (const c of [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])] as Obj[]) {
        const [image] = (c.image as string).split(/[:@]/);
        if (image === name) c.image = `${newName ?? name}:${newTag}`;
      }
    }
  }
  return docs;
}

/** Renders with kubectl when present (what the deploy runs), else with the JS renderer. */
export function render(dir: string): Obj[] {
  return kubectlAvailable() ? renderWithKubectl(dir) : renderWithJs(dir);
}

/** Every directory under `root` holding a kustomization.yaml. */
export function kustomizationDirs(root: string): string[] {
  const dirs: string[] = [];
  const walk = (dir: string) => {
    if (fs.existsSync(path.join(dir, 'kustomization.yaml'))) dirs.push(dir);
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) if (entry.isDirectory()) walk(path.join(dir, entry.name));
  };
  walk(root);
  return dirs.sort();
}

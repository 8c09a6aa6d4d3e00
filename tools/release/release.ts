/**
 * Releases one subgraph's schema to an environment, without a gateway rebuild:
 *
 *   npm run release:subgraph -- <subgraph> --env <supergraph file | URL> [--sdl <file>] [--published <dir>] [--out <file>] [--dry-run]
 *
 * 1. reads what the environment serves: its supergraph (`--env`: the file its gateway mounts, e.g.
 *    infra/k8s/overlays/prod/supergraph.graphql, or the URL its gateway polls);
 * 2. publishes the subgraph's SDL (`--sdl`, default: printed from the code) into the environment's
 *    published SDLs (`--published`, default `subgraphs/` beside a file `--env`), and takes the
 *    others from there — or, for one never published, from the environment's supergraph;
 * 3. composes them (as `npm run compose` does);
 * 4. checks the result against what the environment serves with the rules of
 *    `npm run schema:check` (a removal must have been @deprecated there), and refuses a breaking
 *    change;
 * 5. writes the new supergraph (`--out`, default the `--env` file) — the gateways of that
 *    environment swap it in without a restart once it is deployed (`kubectl apply -k …`).
 *
 * Release order: an addition ships the subgraph first, then the supergraph; a removal the
 * supergraph first, then the subgraph (the command prints which applies).
 */
import fs from 'node:fs';
import path from 'node:path';
import { compose } from '@apollo/composition';
import { buildSubgraph, printSchema, Subgraphs, Supergraph, type Subgraph } from '@apollo/federation-internals';
import { isInputObjectType, isInterfaceType, isObjectType, print, type GraphQLSchema } from 'graphql';
import { subgraphUrl, type SubgraphName } from '@epg/subgraph-kit';
import { ALL_SUBGRAPHS } from '@epg/tools/subgraphs';
import { compareSupergraphs, type SchemaCheckReport } from '@epg/tools/schema-check';

/**
 * A subgraph extracted from a supergraph names federation's directives it does not import with
 * the `federation__` prefix (`@federation__listSize`); ours import `@cost` and `@listSize` by name,
 * and composition refuses one directive under two names. Rebuilt with the names imported.
 */
function withImportedNames(extracted: Subgraph): Subgraph {
  const imported = ['cost', 'listSize'];
  let sdl = printSchema(extracted.schema);
  for (const name of imported) {
    sdl = sdl.replace(new RegExp(`^directive @federation__${name}\\b.*$`, 'm'), '').replaceAll(`@federation__${name}`, `@${name}`);
  }
  sdl = sdl.replace(/(@link\(url: "https:\/\/specs\.apollo\.dev\/federation\/v[\d.]+", import: \[)/, `$1${imported.map((n) => `"@${n}", `).join('')}`);
  return buildSubgraph(extracted.name, extracted.url, sdl);
}

export interface ReleaseOptions {
  subgraph: string;
  /** The environment's supergraph: a file path or an http(s) URL. */
  env: string;
  /** The subgraph's new SDL; default: the code's. */
  sdl?: string;
  /** The environment's published subgraph SDLs (`<name>.graphql`). */
  published?: string;
  /** Where the new supergraph goes; default: the `env` file. */
  out?: string;
  dryRun?: boolean;
}

export interface ReleaseResult {
  ok: boolean;
  supergraphSdl?: string;
  report?: SchemaCheckReport;
  /** API coordinates the release adds / removes (removals: deprecated before). */
  added: string[];
  removed: string[];
  /** What to deploy first. */
  order: 'subgraph-first' | 'supergraph-first' | 'split' | 'any';
  messages: string[];
}

const isUrl = (s: string) => /^https?:\/\//.test(s);

async function readEnvironment(env: string): Promise<string> {
  if (!isUrl(env)) return fs.readFileSync(env, 'utf8');
  const response = await fetch(env, { signal: AbortSignal.timeout(15_000) });
  if (!response.ok) throw new Error(`GET ${env}: HTTP ${response.status}`);
  return response.text();
}

/** Type and field coordinates of an API schema (introspection types left out). */
function coordinates(schema: GraphQLSchema): Set<string> {
  const out = new Set<string>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    out.add(type.name);
    if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
      for (const field of Object.keys(type.getFields())) out.add(`${type.name}.${field}`);
    }
  }
  return out;
}

function codeSdl(name: string): string {
  const module = ALL_SUBGRAPHS.find((m) => m.name === name);
  if (!module) throw new Error(`unknown subgraph ${name} (one of ${ALL_SUBGRAPHS.map((m) => m.name).join(', ')})`);
  return print(module.typeDefs);
}

export async function releaseSubgraph(options: ReleaseOptions): Promise<ReleaseResult> {
  const messages: string[] = [];
  const served = await readEnvironment(options.env);
  const servedGraph = Supergraph.build(served);
  const publishedDir = options.published ?? (isUrl(options.env) ? undefined : path.join(path.dirname(options.env), 'subgraphs'));
  const newSdl = options.sdl !== undefined ? fs.readFileSync(options.sdl, 'utf8') : codeSdl(options.subgraph);

  const servedSubgraphs = servedGraph.subgraphs();
  const names = [...new Set([...servedSubgraphs.names(), options.subgraph])];
  const subgraphs = new Subgraphs();
  for (const name of names) {
    const servedOne = servedSubgraphs.get(name);
    const url = servedOne?.url ?? subgraphUrl(name as SubgraphName, {});
    const publishedFile = publishedDir && path.join(publishedDir, `${name}.graphql`);
    if (name === options.subgraph) subgraphs.add(buildSubgraph(name, url, newSdl));
    else if (publishedFile && fs.existsSync(publishedFile)) subgraphs.add(buildSubgraph(name, url, fs.readFileSync(publishedFile, 'utf8')));
    else {
      // Never published: its schema as the environment's supergraph holds it (descriptions are not kept there).
      messages.push(`${name}: no published SDL, taken from the environment's supergraph`);
      subgraphs.add(withImportedNames(servedOne!));
    }
  }

  const composed = compose(subgraphs);
  if (composed.errors) {
    return { ok: false, added: [], removed: [], order: 'any', messages: [...messages, 'composition failed:', ...composed.errors.map((e) => `  ${e.message}`)] };
  }
  const supergraphSdl = composed.supergraphSdl;
  const report = compareSupergraphs(served, supergraphSdl);
  const before = coordinates(servedGraph.apiSchema().toGraphQLJSSchema());
  const after = coordinates(Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema());
  const added = [...after].filter((c) => !before.has(c)).sort();
  const removed = [...before].filter((c) => !after.has(c)).sort();
  const order = added.length && removed.length ? 'split' : added.length ? 'subgraph-first' : removed.length ? 'supergraph-first' : 'any';

  if (!report.ok) {
    const breaking = [
      ...report.api.filter((v) => !v.allowed).map((v) => `API: ${v.description}`),
      ...report.subgraphs.flatMap((s) => s.verdicts.filter((v) => !v.allowed).map((v) => `${s.name}: ${v.description}`)),
    ];
    return {
      ok: false,
      report,
      added,
      removed,
      order,
      messages: [...messages, `breaking changes against ${options.env} (deprecate first, release, then remove):`, ...breaking.map((b) => `  ${b}`)],
    };
  }

  const out = options.out ?? (isUrl(options.env) ? undefined : options.env);
  if (!options.dryRun) {
    if (!out) throw new Error('--out is required when --env is a URL');
    fs.writeFileSync(out, supergraphSdl);
    messages.push(`wrote ${out}`);
    if (publishedDir) {
      fs.mkdirSync(publishedDir, { recursive: true });
      fs.writeFileSync(path.join(publishedDir, `${options.subgraph}.graphql`), newSdl.endsWith('\n') ? newSdl : `${newSdl}\n`);
      messages.push(`published ${path.join(publishedDir, `${options.subgraph}.graphql`)}`);
    }
  }
  if (added.length) messages.push(`adds: ${added.join(', ')}`);
  if (removed.length) messages.push(`removes: ${removed.join(', ')}`);
  messages.push(
    {
      'subgraph-first': `order: deploy ${options.subgraph} first, then the supergraph (the gateway plans the new fields only once they are served)`,
      'supergraph-first': `order: deploy the supergraph first, then ${options.subgraph} (the gateway stops planning what goes before it disappears)`,
      split: 'order: this release both adds and removes: split it (additions first, the removals in a later release)',
      any: 'order: no API change: either order',
    }[order],
  );
  return { ok: true, supergraphSdl, report, added, removed, order, messages };
}

function parseArgs(argv: string[]): ReleaseOptions {
  const [subgraph, ...rest] = argv;
  const value = (flag: string) => {
    const i = rest.indexOf(flag);
    return i >= 0 ? rest[i + 1] : undefined;
  };
  const env = value('--env');
  if (!subgraph || subgraph.startsWith('--') || !env) {
    throw new Error('usage: npm run release:subgraph -- <subgraph> --env <supergraph file | URL> [--sdl file] [--published dir] [--out file] [--dry-run]');
  }
  return { subgraph, env, sdl: value('--sdl'), published: value('--published'), out: value('--out'), dryRun: rest.includes('--dry-run') };
}

if (require.main === module) {
  releaseSubgraph(parseArgs(process.argv.slice(2)))
    .then((result) => {
      (result.ok ? console.log : console.error)(result.messages.map((m) => `release: ${m}`).join('\n'));
      if (!result.ok) process.exit(1);
    })
    .catch((err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    });
}

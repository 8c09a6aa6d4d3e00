import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  buildSchema,
  getNamedType,
  getNullableType,
  isCompositeType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isEnumType,
  Kind,
  parse,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { Client } from 'pg';
import { loadAuthConfig } from '@epg/auth';
import { loadGatewayConfig, operationCost, readCostDirectives, type CostDirectives, type GatewayConfig } from '@epg/gateway';
import { tokenFor } from '@epg/testing';
import type { BenchContext } from './run';
import { targetDatabase } from '../seed/lib/database';
import { PROVINCE_OFFICER } from './lib/graph';
import { BENCH_CYCLE_START, BENCH_YEAR, householdRoster, pickEntities } from './lib/operations';
import { memoryOf, startProcessGraph } from './lib/processes';
import { mib, printTable, writeResult } from './lib/report';

const ROOT = path.resolve(__dirname, '../..');
const API_SCHEMA_FILE = path.join(ROOT, 'libs/graph-client/schema.graphql');
const PROVINCE = '420000';
/** Targets of issue 18: the costliest accepted query answers in < 2 s with < 100 MB of gateway memory. */
const TARGET_MS = 2000;
const TARGET_MIB = 100;
/** Paths kept per depth while walking the schema (the ones that fan out most). */
const BEAM = 400;
/** How often one field may appear on a path: enough for school → teachers → school → teachers …. */
const MAX_REPEATS = 4;
/** Candidates run through the gateway: the costliest of each root field, then the costliest overall. */
const PER_ROOT = 2;
const OVERALL = 12;
/** Scalars selected on a leaf object (a wide leaf costs more per row; the token limit bounds it). */
const LEAF_SCALARS = 12;

/** Ids of the province's biggest entities, by the type a root field returns. */
type Picks = Map<string, string>;

interface Step {
  field: GraphQLField<unknown, unknown>;
  parent: GraphQLObjectType;
  /** Rendered arguments; `$FIRST` stands for the slice size the fitting chooses. */
  args: string;
  sliced: boolean;
}

interface Row extends Record<string, string | number> {
  candidate: string;
  cost: number;
  aliases: number;
  depth: number;
  outcome: string;
  kiB: number;
  coldMs: number;
  ms: number;
  peakGrowthMiB: number;
}

interface Candidate {
  name: string;
  root: string;
  query: string;
  cost: number;
  aliases: number;
  depth: number;
}

/**
 * `npm run bench -- worst-query`: the most expensive query the gateway ACCEPTS, on the seeded
 * province. Walks the API schema for the paths that fan out most (nested back-references,
 * connections at their largest page, lists at their declared size) within the depth limit, fits
 * each to MAX_COST (lowering `first`, then repeating it under up to MAX_ALIASES aliases), prices it
 * with the gateway's own cost function, and runs the costliest candidates through a gateway in a
 * process of its own, measuring wall time and the gateway's resident memory (growth and peak).
 */
export async function worstQuery(ctx: BenchContext): Promise<void> {
  const config = loadGatewayConfig({ ...process.env, NODE_ENV: 'production' });
  const schema = buildSchema(fs.readFileSync(API_SCHEMA_FILE, 'utf8'));
  const directives = readCostDirectives(fs.readFileSync(config.SUPERGRAPH_PATH, 'utf8'));
  const database = await targetDatabase();
  const graph = await startProcessGraph(database.url, { basePort: 4300 });
  try {
    const picks = await pickBiggest(database.url);
    const all = generateCandidates(schema, directives, config, picks);
    const chosen = choose(all);
    process.stdout.write(`${all.length} accepted candidates generated; running ${chosen.length} through the gateway\n`);
    const token = await tokenFor(loadAuthConfig(), PROVINCE_OFFICER, '12h');
    const gateway = graph.processes.find((p) => p.name === 'gateway')!.child.pid!;
    await send(graph.gatewayUrl, token, `{ region(code: "${PROVINCE}") { code } }`); // connections up, plans cached for nothing else
    const rows: Row[] = [];
    for (const candidate of chosen) {
      // Twice: the first call of a region may fill that region's projections (a one-off the
      // latency benches leave out too); the second is the figure. Memory: the larger of both.
      const cold = await measure(graph.gatewayUrl, token, candidate.query, gateway);
      const warm = await measure(graph.gatewayUrl, token, candidate.query, gateway);
      rows.push({
        candidate: candidate.name.length > 70 ? `${candidate.name.slice(0, 67)}...` : candidate.name,
        cost: candidate.cost,
        aliases: candidate.aliases,
        depth: candidate.depth,
        outcome: warm.outcome,
        kiB: Math.round(warm.bytes / 1024),
        coldMs: Math.round(cold.ms),
        ms: Math.round(warm.ms),
        peakGrowthMiB: Math.max(cold.peakGrowthMiB, warm.peakGrowthMiB),
      });
    }
    rows.sort((a, b) => b.ms - a.ms);
    // For scale: the contract's largest pages, as the console and the batch jobs send them.
    const county = (await pickEntities(database.url)).county;
    const reference: Row[] = [];
    for (const op of [householdRoster(county, 500), householdRoster(PROVINCE, 500)]) {
      await measure(graph.gatewayUrl, token, op.query, gateway, op.variables);
      const warm = await measure(graph.gatewayUrl, token, op.query, gateway, op.variables);
      const region = (op.variables.filter as { regionCode: string }).regionCode;
      reference.push({ candidate: `contract ${op.name} in ${region}`, cost: priceOf(schema, directives, config, op.query, op.variables), aliases: 1, depth: 0, outcome: warm.outcome, kiB: Math.round(warm.bytes / 1024), coldMs: 0, ms: Math.round(warm.ms), peakGrowthMiB: warm.peakGrowthMiB });
    }
    printTable(`Costliest accepted candidates (MAX_COST ${config.MAX_COST}, depth ${config.MAX_DEPTH}, aliases ${config.MAX_ALIASES}), slowest first`, rows);
    printTable('For scale: contract pages (warm)', reference);
    // A candidate that fails (a subgraph timing out) misses the target as surely as a slow one;
    // the answered ones show what the cost limit bounds.
    const answered = rows.filter((r) => r.outcome === '200');
    const failed = rows.filter((r) => r.outcome !== '200');
    const worstMs = Math.max(...rows.map((r) => r.ms));
    const worstMiB = Math.max(...rows.map((r) => r.peakGrowthMiB));
    const answeredMs = Math.max(...answered.map((r) => r.ms));
    const answeredMiB = Math.max(...answered.map((r) => r.peakGrowthMiB));
    const load = os.loadavg()[0]!.toFixed(1);
    const met = failed.length === 0 && worstMs < TARGET_MS && worstMiB < TARGET_MIB;
    process.stdout.write(
      `\nanswered (${answered.length}): slowest ${answeredMs} ms, gateway peak RSS growth ${answeredMiB} MiB; ` +
        `failed (${failed.length}): ${failed.map((r) => `${r.candidate} [${r.outcome}]`).join('; ') || 'none'}\n` +
        `target < ${TARGET_MS} ms and < ${TARGET_MIB} MiB: ${met ? 'met' : 'MISSED'} (load average ${load} on ${os.cpus().length} CPUs)\n`,
    );
    const worst = chosen.find((c) => c.name === rows[0]!.candidate) ?? chosen[0];
    writeResult('worst-query', ctx.command, {
      limits: { MAX_COST: config.MAX_COST, MAX_DEPTH: config.MAX_DEPTH, MAX_ALIASES: config.MAX_ALIASES, MAX_TOKENS: config.MAX_TOKENS, COST_DEFAULT_LIST_SIZE: config.COST_DEFAULT_LIST_SIZE },
      generated: all.length,
      worstMs,
      worstPeakGrowthMiB: worstMiB,
      answeredWorstMs: answeredMs,
      answeredWorstPeakGrowthMiB: answeredMiB,
      failed: failed.map((r) => r.candidate),
      loadAverage: Number(load),
      met,
      slowestQuery: worst?.query,
      rows,
      reference,
    });
  } finally {
    await graph.stop();
    await database.release();
  }
}

/** One call: wall time at the client, and how far the gateway's resident memory rose above where it was. */
async function measure(url: string, token: string, query: string, gatewayPid: number, variables: Record<string, unknown> = {}) {
  resetPeak(gatewayPid);
  const before = memoryOf(gatewayPid).rssBytes;
  const started = performance.now();
  const reply = await send(url, token, query, variables);
  const ms = performance.now() - started;
  return { ...reply, ms, peakGrowthMiB: mib(memoryOf(gatewayPid).peakRssBytes - before) };
}

async function send(url: string, token: string, query: string, variables: Record<string, unknown> = {}): Promise<{ outcome: string; bytes: number }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  const body = JSON.parse(text) as { errors?: { extensions?: { code?: string } }[] };
  const codes = [...new Set((body.errors ?? []).map((e) => e.extensions?.code ?? '?'))];
  return { outcome: codes.length ? `${response.status} ${codes.join(',')}` : String(response.status), bytes: text.length };
}

/** Linux: writing 5 to clear_refs resets the peak resident size (VmHWM) to the current one. */
function resetPeak(pid: number): void {
  try {
    fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
  } catch {
    /* not permitted: the peak then spans the run so far */
  }
}

async function pickBiggest(databaseUrl: string): Promise<Picks> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const one = async (sql: string, params: unknown[] = []): Promise<string | undefined> => {
      const { rows } = await client.query(sql, params);
      return rows[0] ? String(Object.values(rows[0])[0]) : undefined;
    };
    const picks: Picks = new Map();
    const set = (type: string, id: string | undefined) => id && picks.set(type, id);
    const school = await one(`SELECT school_id FROM teachers.teacher WHERE left_on IS NULL AND region_code LIKE '42%' GROUP BY school_id ORDER BY count(*) DESC LIMIT 1`);
    set('School', school);
    set('Teacher', await one(`SELECT id FROM teachers.teacher WHERE school_id = $1 ORDER BY id LIMIT 1`, [school]));
    set('Household', await one(`SELECT household_id FROM households.person WHERE village_code LIKE '42%' GROUP BY household_id ORDER BY count(*) DESC LIMIT 1`));
    set('Person', await one(`SELECT person_id FROM schools.enrolment WHERE region_code LIKE '42%' GROUP BY person_id ORDER BY count(*) DESC LIMIT 1`));
    set('VocationalProgram', await one(`SELECT program_id FROM vocational.vocational_enrolment GROUP BY program_id ORDER BY count(*) DESC LIMIT 1`));
    set('VocationalEnrolment', await one(`SELECT id FROM vocational.vocational_enrolment ORDER BY id LIMIT 1`));
    set('Entitlement', await one(`SELECT id FROM subsidies.entitlement ORDER BY id LIMIT 1`));
    return picks;
  } finally {
    await client.end();
  }
}

/** A literal for an argument, or null when the bench cannot fill a required one (the field is skipped). */
function argumentLiteral(arg: GraphQLArgument, returnType: string, picks: Picks): string | null | undefined {
  const type = getNamedType(arg.type);
  const required = isNonNullType(arg.type) && arg.defaultValue === undefined;
  switch (arg.name) {
    case 'first':
      return '$FIRST';
    case 'code':
    case 'regionCode':
      return `"${PROVINCE}"`;
    case 'academicYear':
    case 'year':
      return String(BENCH_YEAR);
    case 'cycleStartYear':
      return String(BENCH_CYCLE_START);
    case 'month':
      return `"${BENCH_YEAR}-09"`;
    case 'id':
      return picks.has(returnType) ? `"${picks.get(returnType)}"` : null;
    default:
      if (isInputObjectType(type) && 'regionCode' in type.getFields()) {
        const others = Object.values(type.getFields()).filter((f) => f.name !== 'regionCode' && isNonNullType(f.type) && f.defaultValue === undefined);
        return others.length ? null : `{ regionCode: "${PROVINCE}" }`;
      }
      return required ? null : undefined;
  }
}

function renderArgs(field: GraphQLField<unknown, unknown>, picks: Picks): { args: string; sliced: boolean } | null {
  const parts: string[] = [];
  const returnType = getNamedType(field.type).name;
  for (const arg of field.args) {
    const literal = argumentLiteral(arg, returnType, picks);
    if (literal === null) return null;
    if (literal !== undefined) parts.push(`${arg.name}: ${literal}`);
  }
  return { args: parts.length ? `(${parts.join(', ')})` : '', sliced: parts.some((p) => p.includes('$FIRST')) };
}

/** Scalar and enum fields a leaf object can select without arguments. */
function leafScalars(type: GraphQLObjectType): string[] {
  return Object.values(type.getFields())
    .filter((f) => f.args.every((a) => !isNonNullType(a.type) || a.defaultValue !== undefined))
    .filter((f) => {
      const named = getNamedType(f.type);
      return isScalarType(named) || isEnumType(named);
    })
    .map((f) => f.name)
    .slice(0, LEAF_SCALARS);
}

/** The fan-out a step adds when every slice is at its largest (for the beam's ranking only). */
function fanOut(step: Step, directives: CostDirectives, config: GatewayConfig): number {
  if (!isListType(getNullableType(step.field.type)) && !step.sliced) return 1;
  const declared = directives.listSizes.get(`${step.parent.name}.${step.field.name}`);
  return step.sliced ? 500 : (declared?.assumedSize ?? config.COST_DEFAULT_LIST_SIZE);
}

function render(path: Step[], leaf: string[], first: number, aliases: number): string {
  const inner = (i: number): string => {
    const step = path[i]!;
    const args = step.args.replace('$FIRST', String(first));
    const sel = i + 1 < path.length ? inner(i + 1) : leaf.join(' ');
    return `${step.field.name}${args} { ${sel} }`;
  };
  const body = inner(0);
  return `{ ${Array.from({ length: aliases }, (_, a) => (aliases > 1 ? `a${a}: ${body}` : body)).join(' ')} }`;
}

/** Connections: `edges { node { … } }` is one step of the walk, so the depth limit counts both. */
function expandConnection(type: GraphQLObjectType): { wrap: string[]; node: GraphQLObjectType } | null {
  const edges = type.getFields().edges;
  if (!edges) return null;
  const edge = getNamedType(edges.type);
  if (!isObjectType(edge)) return null;
  const node = edge.getFields().node;
  const nodeType = node && getNamedType(node.type);
  return nodeType && isObjectType(nodeType) ? { wrap: ['edges', 'node'], node: nodeType } : null;
}

/** The gateway's price of a document (no fragments in the bench's documents). */
function priceOf(schema: GraphQLSchema, directives: CostDirectives, config: GatewayConfig, query: string, variables: Record<string, unknown> = {}): number {
  const document = parse(query);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  const settings = { fieldWeight: config.COST_FIELD_WEIGHT, defaultListSize: config.COST_DEFAULT_LIST_SIZE };
  return operationCost({ schema, directives, operation, fragments: {}, variables, settings });
}

function generateCandidates(schema: GraphQLSchema, directives: CostDirectives, config: GatewayConfig, picks: Picks): Candidate[] {
  const price = (query: string) => priceOf(schema, directives, config, query);
  const tokensOk = (query: string) => {
    try {
      parse(query, { maxTokens: config.MAX_TOKENS });
      return true;
    } catch {
      return false;
    }
  };
  /** A path's steps written out, connections as `edges { node { … } }` (pseudo-steps). */
  const expand = (path: Step[]): { steps: Step[]; depth: number; type: GraphQLObjectType } => {
    const steps: Step[] = [];
    let type: GraphQLObjectType = path[0]!.parent;
    for (const step of path) {
      steps.push(step);
      const named = getNamedType(step.field.type) as GraphQLObjectType;
      const connection = step.sliced && !isListType(getNullableType(step.field.type)) ? expandConnection(named) : null;
      if (connection) {
        const edges = named.getFields().edges!;
        const edgeType = getNamedType(edges.type) as GraphQLObjectType;
        steps.push({ field: edges, parent: named, args: '', sliced: false });
        steps.push({ field: edgeType.getFields().node!, parent: edgeType, args: '', sliced: false });
        type = connection.node;
      } else {
        type = named;
      }
    }
    return { steps, depth: steps.length + 1, type };
  };

  const query = schema.getQueryType()!;
  let frontier: { path: Step[]; score: number }[] = [];
  const complete: { path: Step[]; score: number }[] = [];
  const stepsFrom = (type: GraphQLObjectType): Step[] =>
    Object.values(type.getFields()).flatMap((field) => {
      const named = getNamedType(field.type);
      if (!isCompositeType(named) || !isObjectType(named)) return [];
      if (/AuditTrail$|Rows$/.test(field.name)) return []; // the audit trail is tiny here; bulk rows are SERVICE-only
      const rendered = renderArgs(field, picks);
      return rendered ? [{ field, parent: type, ...rendered }] : [];
    });
  for (const step of stepsFrom(query)) frontier.push({ path: [step], score: fanOut(step, directives, config) });
  while (frontier.length) {
    complete.push(...frontier);
    const next: { path: Step[]; score: number }[] = [];
    for (const { path, score } of frontier) {
      const { depth, type } = expand(path);
      if (depth >= config.MAX_DEPTH) continue;
      for (const step of stepsFrom(type)) {
        const repeats = path.filter((s) => s.field === step.field).length;
        if (repeats >= MAX_REPEATS) continue;
        const candidate = [...path, step];
        if (expand(candidate).depth > config.MAX_DEPTH) continue;
        next.push({ path: candidate, score: score * fanOut(step, directives, config) });
      }
    }
    // The paths that fan out most, and the best path ending in each field (aggregates such as
    // Region.householdStats fan out little but may be the slowest to answer).
    next.sort((a, b) => b.score - a.score);
    const keep = new Map<string, { path: Step[]; score: number }>();
    for (const p of next) {
      const last = p.path.at(-1)!;
      const key = `${last.parent.name}.${last.field.name}`;
      if (!keep.has(key)) keep.set(key, p);
    }
    const kept = new Set(keep.values());
    frontier = [...kept, ...next.filter((p) => !kept.has(p)).slice(0, Math.max(0, BEAM - kept.size))];
  }

  const candidates: Candidate[] = [];
  for (const { path } of complete) {
    const { steps, depth, type } = expand(path);
    const leaf = leafScalars(type);
    if (!leaf.length) continue;
    const sliced = path.some((s) => s.sliced);
    // The largest slice that fits one copy, then as many aliased copies as the limit allows.
    const fit = (aliases: number): { first: number; cost: number } | null => {
      let lo = 1;
      let hi = sliced ? 500 : 1;
      if (price(render(steps, leaf, lo, aliases)) > config.MAX_COST) return null;
      while (lo < hi) {
        const mid = Math.ceil((lo + hi) / 2);
        if (price(render(steps, leaf, mid, aliases)) <= config.MAX_COST) lo = mid;
        else hi = mid - 1;
      }
      return { first: lo, cost: price(render(steps, leaf, lo, aliases)) };
    };
    for (const aliases of [1, config.MAX_ALIASES]) {
      const fitted = fit(aliases);
      if (!fitted) continue;
      const text = render(steps, leaf, fitted.first, aliases);
      if (!tokensOk(text)) continue;
      const name = `${aliases > 1 ? `${aliases}× ` : ''}${steps.map((s) => s.field.name + (s.sliced ? `(${fitted.first})` : '')).join('.')}`;
      candidates.push({ name, root: path[0]!.field.name, query: text, cost: fitted.cost, aliases, depth });
    }
  }
  return candidates;
}

/** The costliest candidates of each root field, then the costliest overall, without repeats. */
function choose(all: Candidate[]): Candidate[] {
  const sorted = [...all].sort((a, b) => b.cost - a.cost || b.depth - a.depth);
  const chosen = new Map<string, Candidate>();
  const perRoot = new Map<string, number>();
  for (const c of sorted) {
    const n = perRoot.get(c.root) ?? 0;
    if (n >= PER_ROOT) continue;
    perRoot.set(c.root, n + 1);
    chosen.set(c.query, c);
  }
  for (const c of sorted.slice(0, OVERALL)) chosen.set(c.query, c);
  return [...chosen.values()];
}

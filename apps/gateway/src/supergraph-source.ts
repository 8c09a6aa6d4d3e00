import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import { ApolloGateway, type SupergraphManager, type SupergraphSdlHook } from '@apollo/gateway';
import { parse, validate, type GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import { Counter, Gauge, type Registry } from 'prom-client';

/** One operation of the consumers' contract (the trusted documents: operation plus its fragments). */
export interface ContractOperation {
  operationName: string | null;
  document: string;
}

export interface SupergraphSourceOptions {
  /** A file, e.g. the environment's ConfigMap mounted as a directory (updated in place by the kubelet). */
  path: string;
  /** A URL serving the supergraph SDL; when set it is read instead of `path`. */
  url?: string;
  /** How often the source is read again; 0: read once at start (no hot swap). */
  pollMs: number;
  /** Operations that work on the graph being served must keep working on a new one. */
  contract: ContractOperation[];
  logger: Logger;
  /** Where `epg_supergraph_*` are registered (the gateway's metrics registry). */
  registry?: Registry;
  /** A URL read that takes longer is abandoned (that round only). */
  fetchTimeoutMs?: number;
}

export type SupergraphCheck = 'unchanged' | 'applied' | 'refused' | 'unreadable';

const silent = { debug() {}, info() {}, warn() {}, error() {} };

/** What ApolloGateway hands a SupergraphManager (`update`, `healthCheck`, `getDataSource`). */
type SupergraphSdlHookOptions = Parameters<SupergraphSdlHook>[0];

const hashOf = (sdl: string) => createHash('sha256').update(sdl).digest('hex');

/**
 * Loads a supergraph in a throw-away Apollo Gateway with full validation: what the serving gateway
 * would build from it, without touching the one serving. Resolves to its API schema.
 */
export async function loadSupergraph(supergraphSdl: string): Promise<GraphQLSchema> {
  const probe = new ApolloGateway({ supergraphSdl, validateSupergraph: true, logger: silent });
  try {
    const { schema } = await probe.load();
    return schema;
  } finally {
    await probe.stop().catch(() => undefined);
  }
}

/** Contract operations valid against `served` that `candidate` no longer accepts (with graphql's reasons). */
export function contractRegressions(contract: ContractOperation[], served: GraphQLSchema | undefined, candidate: GraphQLSchema): string[] {
  const broken: string[] = [];
  for (const operation of contract) {
    const document = parse(operation.document, { noLocation: true });
    // An operation the served graph does not answer yet (a pending contract entry) cannot regress.
    if (served && validate(served, document).length > 0) continue;
    const errors = validate(candidate, document);
    if (errors.length) broken.push(`${operation.operationName ?? '(anonymous)'}: ${errors.map((e) => e.message).join('; ')}`);
  }
  return broken;
}

/**
 * The gateway's supergraph (`supergraphSdl` of ApolloGateway, the SupergraphManager interface):
 * read from a file or a URL at start, then re-read every `pollMs`. A changed supergraph is swapped
 * in (`update`) only when it loads in Apollo Gateway with full validation and every contract
 * operation that the graph being served answers still validates; otherwise the last good one
 * keeps serving, the refusal is logged (once per distinct content) and counted
 * (`epg_supergraph_updates_total{outcome="refused"}`). No restart, no image rebuild: a subgraph
 * schema change is released by publishing a new supergraph (`npm run release:subgraph`).
 */
export class SupergraphSource implements SupergraphManager {
  private served?: { hash: string; schema: GraphQLSchema };
  private lastRefused?: string;
  private lastReadError?: string;
  private update?: SupergraphSdlHookOptions['update'];
  private timer?: NodeJS.Timeout;
  private running: Promise<SupergraphCheck> = Promise.resolve('unchanged');
  private readonly updates?: Counter<'outcome'>;
  private readonly loadedAt?: Gauge;

  constructor(private readonly options: SupergraphSourceOptions) {
    if (options.registry) {
      this.updates = new Counter({
        name: 'epg_supergraph_updates_total',
        help: 'Supergraph changes seen by the gateway, by outcome (applied, refused: the last good one keeps serving, unreadable)',
        labelNames: ['outcome'],
        registers: [options.registry],
      });
      for (const outcome of ['applied', 'refused', 'unreadable']) this.updates.inc({ outcome }, 0);
      this.loadedAt = new Gauge({
        name: 'epg_supergraph_loaded_timestamp_seconds',
        help: 'When the supergraph being served was loaded',
        registers: [options.registry],
      });
    }
  }

  /** Where the supergraph comes from (for logs). */
  get location(): string {
    return this.options.url ?? this.options.path;
  }

  /** Called once by ApolloGateway: the first supergraph must load, or the gateway does not start. */
  async initialize({ update }: SupergraphSdlHookOptions): Promise<{ supergraphSdl: string; cleanup: () => Promise<void> }> {
    const supergraphSdl = await this.read();
    const schema = await loadSupergraph(supergraphSdl);
    this.served = { hash: hashOf(supergraphSdl), schema };
    this.update = update;
    this.loadedAt?.setToCurrentTime();
    this.schedule();
    return { supergraphSdl, cleanup: async () => this.close() };
  }

  /**
   * Reads the source once and swaps the supergraph when it changed and passes the checks.
   * Checks never overlap (a slow read or load delays the next one).
   */
  check(): Promise<SupergraphCheck> {
    this.running = this.running.then(() => this.checkOnce());
    return this.running;
  }

  close(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.update = undefined;
  }

  private schedule(): void {
    if (this.options.pollMs <= 0 || !this.update) return;
    this.timer = setTimeout(() => {
      void this.check().finally(() => this.schedule());
    }, this.options.pollMs);
    this.timer.unref();
  }

  private async checkOnce(): Promise<SupergraphCheck> {
    const { logger } = this.options;
    if (!this.update || !this.served) return 'unchanged';
    let sdl: string;
    try {
      sdl = await this.read();
      this.lastReadError = undefined;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      // Logged and counted once until it changes (a missing file is re-read every round).
      if (message !== this.lastReadError) {
        logger.warn({ source: this.location, err: message }, 'supergraph unreadable: keeping the one being served');
        this.updates?.inc({ outcome: 'unreadable' });
      }
      this.lastReadError = message;
      return 'unreadable';
    }
    const hash = hashOf(sdl);
    if (hash === this.served.hash || hash === this.lastRefused) return 'unchanged';
    try {
      const schema = await loadSupergraph(sdl);
      const regressions = contractRegressions(this.options.contract, this.served.schema, schema);
      if (regressions.length) throw new Error(`contract operations would stop working: ${regressions.join(' | ')}`);
      this.update(sdl);
      this.served = { hash, schema };
      this.lastRefused = undefined;
      this.updates?.inc({ outcome: 'applied' });
      this.loadedAt?.setToCurrentTime();
      logger.info({ source: this.location, supergraph: hash.slice(0, 12) }, 'supergraph updated');
      return 'applied';
    } catch (err) {
      this.lastRefused = hash;
      this.updates?.inc({ outcome: 'refused' });
      logger.error(
        { source: this.location, supergraph: hash.slice(0, 12), serving: this.served.hash.slice(0, 12), err: err instanceof Error ? err.message : String(err) },
        'supergraph refused: keeping the one being served',
      );
      return 'refused';
    }
  }

  private async read(): Promise<string> {
    const { url, path, fetchTimeoutMs = 10_000 } = this.options;
    if (!url) return fs.readFile(path, 'utf8');
    const response = await fetch(url, { signal: AbortSignal.timeout(fetchTimeoutMs) });
    if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status}`);
    return response.text();
  }
}

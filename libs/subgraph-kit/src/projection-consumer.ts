import { Gauge, type Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { createServiceDataSource } from '@epg/persistence';
import { isRegionCode, provinceOf } from '@epg/domain';
import { ProjectionCatchUpStopped, refreshProjection, type FeedSpec, type ProjectionDeps } from './projection';

/**
 * The background projection consumer (one per service process): follows each owner's change feed
 * continuously through the gateway with the service's SERVICE credential, from the cursor stored
 * in `projection_state`, so that no reader ever waits for or sets off a refresh — reads use the
 * projection as it is and report its `asOf` (`projectionRefreshedAt`).
 *
 * - What it follows: every feed of the module, for each region of `regions` (provinces: a
 *   province's cursor covers every region inside it) and the province of every region already
 *   stored in `projection_state` (a deployment that refreshed per county keeps being served).
 * - Back-pressure: a catch-up reads one page at a time (one page ahead at most) and applies it
 *   with its cursor in one transaction; at most `concurrency` catch-ups run at once; a pass starts
 *   `pollMs` after the previous one ended, never while it runs.
 * - Errors: a (feed, region) that fails waits `min(maxBackoffMs, pollMs · 2^failures)` before its
 *   next attempt (logged, never thrown); the others go on.
 * - Stop: `stop()` ends the current page's transaction, keeps the cursor, and resolves when idle.
 *
 * Writes that need facts as of their own moment (a dropout scan, computeEntitlements) call
 * `refreshProjection` for the region they cover; it shares the in-flight catch-up of the consumer
 * (one per cursor in a process, see projection.ts).
 */
export interface ProjectionConsumerOptions extends ProjectionDeps {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  feeds: readonly FeedSpec<any>[];
  /** Regions to follow (province codes, e.g. `420000`). */
  regions: readonly string[];
  /** Time between the end of a pass and the start of the next (default 1 s). */
  pollMs?: number;
  /** Catch-ups running at once (default 2). */
  concurrency?: number;
  /** The longest wait after repeated failures (default 30 s). */
  maxBackoffMs?: number;
  /** Where `projection_lag_seconds{feed}` is registered (the service's metrics registry). */
  registry?: Registry;
}

export const DEFAULT_PROJECTION_POLL_MS = 1_000;

/** The provinces a consumer follows unless configured: the demo's and the province seed's (and two stand-ins). */
export const DEFAULT_PROJECTION_REGIONS: readonly string[] = ['360000', '420000', '620000', '990000'];

/** Connections of the consumer's own pool: `concurrency` catch-ups and a spare. */
export const PROJECTION_POOL_SIZE = 3;

/**
 * The consumer's own data source on the service's database and schema (projection tables are
 * written with SQL, no entities): its catch-ups never take a connection from the requests' pool,
 * and the requests' statement counts (tests, `sql-per-request`) are theirs alone.
 */
export async function createProjectionDataSource(service: string, url: string): Promise<DataSource> {
  const dataSource = createServiceDataSource({ service, url, entities: [], migrations: [], poolSize: PROJECTION_POOL_SIZE });
  return dataSource.initialize();
}

interface Followed {
  feed: FeedSpec<unknown>;
  regionCode: string;
  /** The `asOf` of its last complete catch-up (null: none yet in this process). */
  asOf: Date | null;
  failures: number;
  notBefore: number;
}

/** The province of a stored region code (libs/domain `provinceOf`); null when it is not a region code. */
export function provinceCodeOf(regionCode: string): string | null {
  return isRegionCode(regionCode) ? provinceOf(regionCode) : null;
}

/** How long to wait after `failures` failures in a row (pure). */
export function backoffMs(failures: number, pollMs: number, maxBackoffMs: number): number {
  if (failures <= 0) return 0;
  return Math.min(maxBackoffMs, pollMs * 2 ** Math.min(failures, 20));
}

export class ProjectionConsumer {
  private readonly followed = new Map<string, Followed>();
  private readonly pollMs: number;
  private readonly concurrency: number;
  private readonly maxBackoffMs: number;
  private readonly startedAt = Date.now();
  private stopping: AbortController | null = null;
  private loop: Promise<void> | null = null;
  private wakeUp: (() => void) | null = null;
  private passes = 0;
  /** The pass running now (0: between passes). */
  private running = 0;
  private readonly passWaiters: { afterPass: number; resolve: () => void }[] = [];

  constructor(private readonly options: ProjectionConsumerOptions) {
    this.pollMs = options.pollMs ?? DEFAULT_PROJECTION_POLL_MS;
    this.concurrency = Math.max(1, options.concurrency ?? 2);
    this.maxBackoffMs = options.maxBackoffMs ?? 30_000;
    if (options.registry && options.feeds.length) {
      const consumer = this;
      new Gauge({
        name: 'projection_lag_seconds',
        help: "Seconds since the projection's last complete catch-up with its owner's change feed (its oldest followed region), by feed",
        labelNames: ['feed'] as const,
        registers: [options.registry],
        collect() {
          for (const feed of options.feeds) this.set({ feed: feed.name }, consumer.lagSeconds(feed.name));
        },
      });
    }
  }

  /** Where it writes (its own data source, see `createProjectionDataSource`). */
  get dataSource(): DataSource {
    return this.options.dataSource;
  }

  /** Starts following (idempotent). */
  start(): this {
    if (this.loop || !this.options.feeds.length) return this;
    this.stopping = new AbortController();
    this.loop = this.run(this.stopping.signal);
    return this;
  }

  /** Stops after the page being applied; resolves when nothing runs any more. */
  async stop(): Promise<void> {
    this.stopping?.abort();
    this.wakeUp?.();
    await this.loop;
    this.loop = null;
    for (const waiter of this.passWaiters.splice(0)) waiter.resolve();
  }

  /** Starts the next pass now instead of after the poll interval. */
  wake(): void {
    this.wakeUp?.();
  }

  /**
   * Resolves once a whole pass has started and ended after this call (every followed feed and
   * region caught up, or failed and backed off): a test's or a benchmark's barrier, not a reader's.
   */
  caughtUp(): Promise<void> {
    if (!this.loop) return Promise.resolve();
    // A pass already running may have read the feed before the call: wait for the next one.
    const afterPass = this.running ? this.running + 1 : this.passes + 1;
    const done = new Promise<void>((resolve) => this.passWaiters.push({ afterPass, resolve }));
    this.wake();
    return done;
  }

  /** Seconds since the last complete catch-up of `feed`'s oldest followed region (since start when none yet). */
  lagSeconds(feedName: string, now = Date.now()): number {
    let oldest: number | null = null;
    for (const f of this.followed.values()) {
      if (f.feed.name !== feedName) continue;
      const at = f.asOf?.getTime() ?? this.startedAt;
      oldest = oldest === null ? at : Math.min(oldest, at);
    }
    return Math.max(0, (now - (oldest ?? this.startedAt)) / 1000);
  }

  /** The `asOf` of each followed (feed, region), for tests and logs. */
  positions(): { feed: string; regionCode: string; asOf: Date | null }[] {
    return [...this.followed.values()].map((f) => ({ feed: f.feed.name, regionCode: f.regionCode, asOf: f.asOf }));
  }

  private async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      const pass = this.passes + 1;
      this.running = pass;
      try {
        await this.discover();
        await this.pass(signal);
      } catch (err) {
        this.options.logger?.warn({ err }, 'projection consumer pass failed');
      }
      this.passes = pass;
      this.running = 0;
      for (let i = this.passWaiters.length - 1; i >= 0; i--) {
        if (this.passWaiters[i]!.afterPass <= pass) this.passWaiters.splice(i, 1)[0]!.resolve();
      }
      if (signal.aborted) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.passWaiters.length ? 0 : this.pollMs);
        timer.unref?.();
        this.wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wakeUp = null;
    }
  }

  /** The configured regions and the provinces of those stored, for every feed. */
  private async discover(): Promise<void> {
    const names = this.options.feeds.map((f) => f.name);
    const stored: { feed: string; region_code: string }[] = await this.options.dataSource.query(
      `SELECT DISTINCT feed, region_code FROM projection_state WHERE feed = ANY($1)`,
      [names],
    );
    const wanted = new Set<string>();
    for (const feed of this.options.feeds) for (const code of this.options.regions) wanted.add(`${feed.name}\n${code}`);
    for (const row of stored) {
      const province = provinceCodeOf(row.region_code);
      if (province) wanted.add(`${row.feed}\n${province}`);
    }
    for (const key of wanted) {
      if (this.followed.has(key)) continue;
      const [feedName, regionCode] = key.split('\n') as [string, string];
      const feed = this.options.feeds.find((f) => f.name === feedName)!;
      this.followed.set(key, { feed: feed as FeedSpec<unknown>, regionCode, asOf: null, failures: 0, notBefore: 0 });
    }
  }

  /** One catch-up of every followed (feed, region) that is not backing off, `concurrency` at a time. */
  private async pass(signal: AbortSignal): Promise<void> {
    const due = [...this.followed.values()].filter((f) => f.notBefore <= Date.now());
    const worker = async () => {
      for (let next = due.shift(); next && !signal.aborted; next = due.shift()) await this.catchUp(next, signal);
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, due.length) }, worker));
  }

  private async catchUp(followed: Followed, signal: AbortSignal): Promise<void> {
    try {
      const { refreshedAt } = await refreshProjection(this.options, followed.feed, followed.regionCode, signal);
      followed.asOf = refreshedAt;
      followed.failures = 0;
      followed.notBefore = 0;
    } catch (err) {
      // Stopped, or moved on by another process's catch-up: resumed from the stored cursor next pass.
      if (err instanceof ProjectionCatchUpStopped) return;
      followed.failures += 1;
      followed.notBefore = Date.now() + backoffMs(followed.failures, this.pollMs, this.maxBackoffMs);
      this.options.logger?.warn(
        { err, feed: followed.feed.name, regionCode: followed.regionCode, failures: followed.failures },
        'projection catch-up failed; backing off',
      );
    }
  }
}

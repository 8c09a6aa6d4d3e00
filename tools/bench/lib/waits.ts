import { Client } from 'pg';

/**
 * Where time waits while a cell runs, sampled every `intervalMs`: PostgreSQL's own view
 * (`pg_stat_activity` of the graph's database: active backends by wait event — `Lock` is a lock
 * wait, `LWLock`/`IO` the server's own, none is running on CPU) and each service's pool
 * (`epg_db_pool_connections{state="waiting"}`: requests waiting for a connection).
 */
export interface WaitSummary {
  samples: number;
  /** Mean active backends of the database per sample. */
  activeBackends: number;
  /** Mean backends waiting on a heavyweight lock per sample. */
  lockWaits: number;
  /** Other wait events seen, by `type:event`, as mean backends per sample (top 5). */
  otherWaits: Record<string, number>;
  /** Mean and peak clients waiting for a pool connection, by service. */
  poolWaiting: Record<string, { mean: number; max: number }>;
  /** The statements most often seen running (first 120 characters), as mean backends per sample (top 5). */
  topStatements: Record<string, number>;
}

const round = (n: number) => Math.round(n * 100) / 100;

export function startWaitSampler(databaseUrl: string, metricsUrls: Record<string, string | null>, intervalMs = 250): { stop(): Promise<WaitSummary> } {
  const client = new Client({ connectionString: databaseUrl });
  const connected = client.connect();
  let samples = 0;
  let active = 0;
  let locks = 0;
  const others = new Map<string, number>();
  const statements = new Map<string, number>();
  const pool = new Map<string, { sum: number; max: number }>();
  let running = true;

  const sample = async () => {
    await connected;
    const { rows } = await client.query<{ type: string | null; event: string | null; statement: string; n: number }>(
      `SELECT wait_event_type AS type, wait_event AS event, left(regexp_replace(query, '\\s+', ' ', 'g'), 120) AS statement, count(*)::int AS n
         FROM pg_stat_activity
        WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid() GROUP BY 1, 2, 3`,
    );
    samples += 1;
    for (const row of rows) {
      statements.set(row.statement, (statements.get(row.statement) ?? 0) + row.n);
      active += row.n;
      if (row.type === 'Lock') locks += row.n;
      else if (row.type && row.type !== 'Client') others.set(`${row.type}:${row.event}`, (others.get(`${row.type}:${row.event}`) ?? 0) + row.n);
    }
    await Promise.all(
      Object.entries(metricsUrls).map(async ([service, url]) => {
        if (!url) return;
        // The pool gauge alone: rendering every series and the process's collectors four times a
        // second in the process under test cost it 3% of its CPU (older revisions answer with all).
        const text = await fetch(`${url}?name=epg_db_pool_connections`).then((r) => r.text()).catch(() => '');
        const waiting = Number(/epg_db_pool_connections\{[^}]*state="waiting"[^}]*\} (\d+)/.exec(text)?.[1] ?? 0);
        const seen = pool.get(service) ?? { sum: 0, max: 0 };
        pool.set(service, { sum: seen.sum + waiting, max: Math.max(seen.max, waiting) });
      }),
    );
  };
  const loop = (async () => {
    while (running) {
      await sample().catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();

  return {
    stop: async () => {
      running = false;
      await loop;
      await client.end().catch(() => undefined);
      const per = (n: number) => (samples ? round(n / samples) : 0);
      return {
        samples,
        activeBackends: per(active),
        lockWaits: per(locks),
        otherWaits: Object.fromEntries([...others].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([k, v]) => [k, per(v)])),
        poolWaiting: Object.fromEntries([...pool].map(([service, v]) => [service, { mean: per(v.sum), max: v.max }])),
        topStatements: Object.fromEntries([...statements].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([k, v]) => [k, per(v)])),
      };
    },
  };
}

import 'reflect-metadata';
import type { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { Registry } from 'prom-client';
import { createServiceDataSource, migrateService } from '@epg/persistence';
import { createTestDatabase } from '@epg/testing/postgres';
import { backoffMs, ProjectionConsumer, provinceCodeOf } from './projection-consumer';
import { projectionRefreshedAt, projectionStateTableSql, refreshProjection, type FeedSpec } from './projection';
import type { ServiceGraph } from './service-graph';

class CreateProjection1700000000001 implements MigrationInterface {
  name = 'CreateProjection1700000000001';
  async up(q: QueryRunner) {
    for (const sql of projectionStateTableSql()) await q.query(sql);
    await q.query(`CREATE TABLE person_copy (person_id text PRIMARY KEY, village_code text NOT NULL, name text NOT NULL)`);
  }
  async down() {}
}

interface Change {
  personId: string;
  villageCode: string;
  name: string;
}

const feed: FeedSpec<Change> = {
  name: 'owner.personChanges',
  field: 'personChanges',
  document: 'query Feed($first: Int!, $after: String) { personChanges(first: $first, after: $after) { pageInfo { hasNextPage endCursor } edges { node { personId } } } }',
  keyOf: (c) => c.personId,
  apply: async (manager, changes) => {
    for (const c of changes) {
      await manager.query(
        `INSERT INTO person_copy (person_id, village_code, name) VALUES ($1, $2, $3)
         ON CONFLICT (person_id) DO UPDATE SET village_code = EXCLUDED.village_code, name = EXCLUDED.name`,
        [c.personId, c.villageCode, c.name],
      );
    }
  },
};

/**
 * The owner's change feed, in memory (the owner is another service: here only its feed's
 * contract — pages of changes inside the credential's region, a cursor per position). Pages of
 * 2, so a catch-up takes several pages. `failNext` makes the next calls fail like an owner down.
 */
class OwnerFeed implements ServiceGraph {
  readonly changes: Change[] = [];
  requests = 0;
  failNext = 0;
  inFlight = 0;
  maxInFlight = 0;

  async request<TData>(_document: unknown, variables: Record<string, unknown>, regionCode: string): Promise<TData> {
    this.requests += 1;
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await new Promise((resolve) => setTimeout(resolve, 2));
      if (this.failNext > 0) {
        this.failNext -= 1;
        throw new Error('the graph could not be reached');
      }
      const after = variables.after == null ? -1 : Number(variables.after);
      const prefix = regionCode.replace(/0000$/, '');
      const inside = this.changes.map((c, i) => ({ c, i })).filter(({ c, i }) => i > after && c.villageCode.startsWith(prefix));
      const page = inside.slice(0, 2);
      return {
        personChanges: {
          pageInfo: { hasNextPage: inside.length > 2, endCursor: page.length ? String(page.at(-1)!.i) : null },
          edges: page.map(({ c }) => ({ node: c })),
        },
      } as TData;
    } finally {
      this.inFlight -= 1;
    }
  }
}

const until = async (check: () => Promise<boolean>, timeoutMs = 5_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

describe('the background projection consumer', () => {
  let ds: DataSource;
  const warnings: object[] = [];
  const logger = { warn: (details: object) => void warnings.push(details) };

  beforeAll(async () => {
    ds = createServiceDataSource({ service: 'consumer_test', url: await createTestDatabase(), entities: [], migrations: [CreateProjection1700000000001] });
    await ds.initialize();
    await migrateService(ds);
  });
  afterAll(() => ds.destroy());
  beforeEach(async () => {
    await ds.query(`TRUNCATE projection_state, person_copy`);
    warnings.length = 0;
  });

  const names = async () => (await ds.query(`SELECT name FROM person_copy ORDER BY person_id`)).map((r: { name: string }) => r.name);

  it('follows the feed from its stored cursor without any read, says as of when, and reports its lag', async () => {
    const owner = new OwnerFeed();
    owner.changes.push(
      { personId: 'p1', villageCode: '420102001001', name: 'a' },
      { personId: 'p2', villageCode: '420102001001', name: 'b' },
      { personId: 'p3', villageCode: '360323101001', name: 'elsewhere' },
      { personId: 'p4', villageCode: '420103001001', name: 'c' },
    );
    const registry = new Registry();
    const consumer = new ProjectionConsumer({ dataSource: ds, serviceGraph: owner, logger, feeds: [feed], regions: ['420000'], pollMs: 50, registry }).start();
    try {
      const before = new Date();
      await consumer.caughtUp();
      expect(await names()).toEqual(['a', 'b', 'c']);
      const asOf = await projectionRefreshedAt(ds, feed.name, '420102');
      expect(asOf!.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000);
      expect(await projectionRefreshedAt(ds, feed.name, '360323')).toBeNull();

      // A change made by the owner later shows within a poll or two, nobody asking for it.
      owner.changes.push({ personId: 'p1', villageCode: '420102001001', name: 'a2' });
      await until(async () => (await names()).includes('a2'));
      expect(await names()).toEqual(['a2', 'b', 'c']);
      expect(warnings).toEqual([]);

      const metrics = await registry.metrics();
      const lag = Number(/projection_lag_seconds\{feed="owner.personChanges"\} ([\d.e-]+)/.exec(metrics)?.[1]);
      expect(lag).toBeGreaterThanOrEqual(0);
      expect(lag).toBeLessThan(5);
    } finally {
      await consumer.stop();
    }
  });

  it('resumes from the stored cursor (never re-reads applied pages) and follows the province of a stored region', async () => {
    const owner = new OwnerFeed();
    owner.changes.push({ personId: 'p1', villageCode: '420102001001', name: 'a' }, { personId: 'p2', villageCode: '420102001001', name: 'b' });
    // A county cursor stored by older code: its province is followed, from the start.
    await ds.query(`INSERT INTO projection_state (feed, region_code, cursor) VALUES ($1, '420102', '0')`, [feed.name]);
    await refreshProjection({ dataSource: ds, serviceGraph: owner }, feed, '420000');
    const requestsAfterFirst = owner.requests;
    owner.changes.push({ personId: 'p3', villageCode: '420102001001', name: 'c' });
    const consumer = new ProjectionConsumer({ dataSource: ds, serviceGraph: owner, feeds: [feed], regions: [], pollMs: 50 }).start();
    try {
      await consumer.caughtUp();
      expect(consumer.positions().map((p) => p.regionCode)).toEqual(['420000']);
      expect(await names()).toEqual(['a', 'b', 'c']);
      const [state] = await ds.query(`SELECT cursor FROM projection_state WHERE feed = $1 AND region_code = '420000'`, [feed.name]);
      expect(state.cursor).toBe('2');
      // One pass from the stored cursor: one page (the new change), not the whole feed again.
      expect(owner.requests - requestsAfterFirst).toBeLessThanOrEqual(2);
    } finally {
      await consumer.stop();
    }
  });

  it('backs off after failures, logs them, and catches up once the owner answers again', async () => {
    const owner = new OwnerFeed();
    owner.changes.push({ personId: 'p1', villageCode: '420102001001', name: 'a' });
    owner.failNext = 2;
    const consumer = new ProjectionConsumer({ dataSource: ds, serviceGraph: owner, logger, feeds: [feed], regions: ['420000'], pollMs: 20, maxBackoffMs: 200 }).start();
    try {
      await until(async () => (await names()).includes('a'));
      expect(warnings.length).toBe(2);
      expect(warnings[0]).toMatchObject({ feed: feed.name, regionCode: '420000', failures: 1 });
      expect(owner.requests).toBe(3);
    } finally {
      await consumer.stop();
    }
    expect([backoffMs(0, 1000, 30_000), backoffMs(1, 1000, 30_000), backoffMs(3, 1000, 30_000), backoffMs(10, 1000, 30_000)]).toEqual([0, 2000, 8000, 30_000]);
  });

  it('keeps to its concurrency and stops cleanly: nothing is requested after stop resolves', async () => {
    const owner = new OwnerFeed();
    for (let i = 0; i < 40; i++) owner.changes.push({ personId: `p${String(i).padStart(2, '0')}`, villageCode: `${['42', '36', '62'][i % 3]}0102001001`, name: `n${i}` });
    const consumer = new ProjectionConsumer({ dataSource: ds, serviceGraph: owner, feeds: [feed], regions: ['420000', '360000', '620000'], pollMs: 10, concurrency: 2 }).start();
    await until(async () => (await names()).length > 0);
    await consumer.stop();
    const requests = owner.requests;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(owner.requests).toBe(requests);
    // Two catch-ups at once, each one page ahead at most.
    expect(owner.maxInFlight).toBeLessThanOrEqual(4);
    // A stopped catch-up kept its cursor: the next run goes on from there to the end.
    await refreshProjection({ dataSource: ds, serviceGraph: owner }, feed, '420000');
    await refreshProjection({ dataSource: ds, serviceGraph: owner }, feed, '360000');
    await refreshProjection({ dataSource: ds, serviceGraph: owner }, feed, '620000');
    expect((await names()).length).toBe(40);
  });

  it('shares one catch-up per cursor: a write catching up while the consumer runs applies no page twice', async () => {
    const owner = new OwnerFeed();
    for (let i = 0; i < 10; i++) owner.changes.push({ personId: `p${i}`, villageCode: '420102001001', name: `n${i}` });
    const deps = { dataSource: ds, serviceGraph: owner };
    const [a, b] = await Promise.all([refreshProjection(deps, feed, '420000'), refreshProjection(deps, feed, '420000')]);
    // The second caller waited for the first and then caught up again (nothing left): 10 changes in all.
    expect(a.changes + b.changes).toBe(10);
    expect(b.refreshedAt.getTime()).toBeGreaterThanOrEqual(a.refreshedAt.getTime());
    expect((await names()).length).toBe(10);
  });

  it('knows the province of a stored region code', () => {
    expect([provinceCodeOf('420102'), provinceCodeOf('420102001'), provinceCodeOf('420102001001'), provinceCodeOf('42'), provinceCodeOf('000000')]).toEqual([
      '420000', '420000', '420000', null, null,
    ]);
  });
});

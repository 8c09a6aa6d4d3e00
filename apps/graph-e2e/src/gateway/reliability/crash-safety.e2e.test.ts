import { Client } from 'pg';
import { ComputeEntitlementsDocument, EnrolStudentDocument, ScanForDropoutsDocument } from '@epg/graph-client';
import { demoHouseholds, DEMO_SCHOOLS } from '@epg/demo';
import { startTestGraph, type TestGraph } from '../../support';

/**
 * Batch jobs survive crashes: the job's database session is killed in the middle of its write
 * (made deterministic by holding a lock the write needs, waiting until the job blocks on it,
 * then terminating the job's backend). Nothing half-written may remain, the service keeps
 * serving, and running the job again gives exactly what one clean run gives.
 */
describe('batch jobs killed mid-write', () => {
  let graph: TestGraph;
  let county: string;
  let admin: Client;

  const count = async (service: string, sql: string) =>
    (await graph.services.get(service)!.dataSource.query(sql))[0].n as number;

  let adminSide: Client;

  /** Runs `job` while `table` is locked; kills the job's backend once it waits on the lock. */
  async function killMidWrite<T>(application: string, table: string, job: () => Promise<T>): Promise<T> {
    await admin.query('BEGIN');
    await admin.query(`LOCK TABLE ${table} IN SHARE ROW EXCLUSIVE MODE`);
    const running = job();
    let killed = false;
    for (let attempt = 0; attempt < 300 && !killed; attempt++) {
      const rows = await adminSide.query(
        `SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock' AND datname = current_database()`,
        [application],
      );
      if (rows.rows.length) {
        for (const { pid } of rows.rows) await adminSide.query('SELECT pg_terminate_backend($1)', [pid]);
        killed = true;
      } else await new Promise((r) => setTimeout(r, 20));
    }
    await admin.query('ROLLBACK');
    expect(killed).toBe(true);
    return running;
  }

  beforeAll(async () => {
    graph = await startTestGraph();
    county = await graph.token({ role: 'COUNTY', regionCode: '360323' });
    admin = new Client({ connectionString: graph.databaseUrl });
    adminSide = new Client({ connectionString: graph.databaseUrl });
    await admin.connect();
    await adminSide.connect();
  });
  afterAll(async () => {
    await admin?.end();
    await adminSide?.end();
    await graph?.stop();
  });

  it('computeEntitlements: nothing half-written, then exactly one clean run', async () => {
    const crashed = await killMidWrite('epg-subsidies', 'subsidies.entitlement', () =>
      graph.graphql(ComputeEntitlementsDocument, { regionCode: '360323', academicYear: 2023 }, county),
    );
    expect(crashed.errors?.length).toBeGreaterThan(0);
    expect(await count('subsidies', `SELECT count(*)::int AS n FROM entitlement`)).toBe(0);
    expect(await count('subsidies', `SELECT count(*)::int AS n FROM eligible_line`)).toBe(0);

    const rerun = await graph.graphql(ComputeEntitlementsDocument, { regionCode: '360323', academicYear: 2023 }, county);
    expect(rerun.errors).toBeUndefined();
    const created = rerun.data!.computeEntitlements.created;
    expect(created).toBeGreaterThan(1000);
    expect(rerun.data!.computeEntitlements).toMatchObject({ unchanged: 0, cancelled: 0 });
    expect(await count('subsidies', `SELECT count(*)::int AS n FROM entitlement`)).toBe(created);
    expect(await count('subsidies', `SELECT count(*)::int AS n FROM eligible_line`)).toBe(created);
    const again = await graph.graphql(ComputeEntitlementsDocument, { regionCode: '360323', academicYear: 2023 }, county);
    expect(again.data!.computeEntitlements).toMatchObject({ created: 0, unchanged: created, cancelled: 0 });
  });

  it('scanForDropouts: nothing half-written, then exactly one clean run', async () => {
    const crashed = await killMidWrite('epg-schools', 'schools.dropout_case', () =>
      graph.graphql(ScanForDropoutsDocument, { regionCode: '360323', academicYear: 2023 }, county),
    );
    expect(crashed.errors?.length).toBeGreaterThan(0);
    expect(await count('schools', `SELECT count(*)::int AS n FROM dropout_case`)).toBe(0);
    const rerun = await graph.graphql(ScanForDropoutsDocument, { regionCode: '360323', academicYear: 2023 }, county);
    expect(rerun.errors).toBeUndefined();
    const opened = rerun.data!.scanForDropouts.opened;
    expect(opened).toBeGreaterThan(0);
    expect(await count('schools', `SELECT count(*)::int AS n FROM dropout_case`)).toBe(opened);
    const again = await graph.graphql(ScanForDropoutsDocument, { regionCode: '360323', academicYear: 2023 }, county);
    expect(again.data!.scanForDropouts).toMatchObject({ opened: 0, alreadyOpen: opened });
  });

  it('concurrent enrolments of one child for one year end with exactly one', async () => {
    const child = demoHouseholds()
      .flatMap((h) => h.members)
      .find((m) => m.birthDate > '2016-01-01' && m.birthDate < '2017-01-01')!;
    const school = DEMO_SCHOOLS.find((s) => s.type === 'PRIMARY')!;
    // Born in 2016: 9 or 10 on 1 September 2026, a plausible grade 4 of the open year.
    const input = { personId: child.id, schoolId: school.id, academicYear: 2026, stage: 'PRIMARY' as const, grade: 4, boarding: false };
    const results = await Promise.all([1, 2, 3, 4].map(() => graph.graphql(EnrolStudentDocument, { input }, county)));
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    expect(results.filter((r) => r.errors).every((r) => r.errors![0]!.extensions?.code === 'CONFLICT')).toBe(true);
    expect(await count('schools', `SELECT count(*)::int AS n FROM enrolment WHERE person_id = '${child.id}' AND academic_year = 2026`)).toBe(1);
  });
});

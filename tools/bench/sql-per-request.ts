import type { BenchContext } from './run';
import { graphql, provinceToken, startBenchGraph } from './lib/graph';
import { householdRoster, personEntitlements, pickEntities, regionDashboard, schoolProfile, type Operation } from './lib/operations';
import { printTable, writeResult } from './lib/report';

/**
 * SQL statements per request, per service, for each operation at a small and a large size
 * (page size 10 and 100 for the roster; a teaching point and a senior school; two students;
 * a village and a county). Target: equal counts.
 */
export async function sqlPerRequest(ctx: BenchContext): Promise<void> {
  const bench = await startBenchGraph();
  try {
    const { graph } = bench;
    const token = await provinceToken(graph);
    const picks = await pickEntities(bench.database.url);
    const pairs: [string, Operation, Operation][] = [
      ['HouseholdRoster', householdRoster(picks.county, 10), householdRoster(picks.county, 100)],
      ['SchoolProfile', schoolProfile(picks.smallSchool, '(teaching point)'), schoolProfile(picks.largeSchool, '(senior school)')],
      ['PersonEntitlements', personEntitlements(picks.student), personEntitlements(picks.otherStudent)],
      ['RegionDashboard', regionDashboard(picks.village, '(village)'), regionDashboard(picks.county, '(county)')],
    ];
    const count = async (op: Operation) => {
      await graphql(graph.gatewayUrl, token, op.query, op.variables); // warm: caches, projections
      for (const s of graph.services.values()) s.sql.reset();
      const data = await graphql(graph.gatewayUrl, token, op.query, op.variables);
      const perService = Object.fromEntries([...graph.services.entries()].map(([name, s]) => [name, s.sql.total]));
      const statements = Object.fromEntries([...graph.services.entries()].map(([name, s]) => [name, s.sql.statements.map((q) => q.replace(/\s+/g, ' ').slice(0, 160))]));
      return { perService, statements, total: Object.values(perService).reduce((a, b) => a + b, 0), bytes: JSON.stringify(data).length };
    };
    const rows = [];
    for (const [name, small, large] of pairs) {
      const a = await count(small);
      const b = await count(large);
      const services = Object.keys(a.perService);
      rows.push({
        operation: name,
        small: small.name,
        large: large.name,
        ...Object.fromEntries(services.map((s) => [s, `${a.perService[s]} / ${b.perService[s]}`])),
        total: `${a.total} / ${b.total}`,
        responseKiB: `${(a.bytes / 1024).toFixed(1)} / ${(b.bytes / 1024).toFixed(1)}`,
        equal: a.total === b.total ? 'yes' : 'NO',
        smallStatements: a.statements,
        largeStatements: b.statements,
      });
    }
    printTable('SQL statements per request (small / large)', rows.map(({ smallStatements: _a, largeStatements: _b, ...r }) => r));
    writeResult('sql-per-request', ctx.command, { picks, rows });
  } finally {
    await bench.stop();
  }
}

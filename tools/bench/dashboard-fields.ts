/**
 * `npm run bench -- dashboard-fields`: the county dashboard one field at a time (c=1, 10 calls
 * each), to see which service's figure costs the time.
 */
import { startBenchGraph, graphql, provinceToken } from './lib/graph';
import { BENCH_CYCLE_START, BENCH_YEAR, pickEntities } from './lib/operations';
import { printTable, writeResult } from './lib/report';

const FIELDS = [
  'householdStats { registered }',
  'educationIndicators(academicYear: $academicYear) { compulsoryEnrolmentRate openDropoutCases }',
  'subsidyStats(academicYear: $academicYear) { eligibleStudents coveredStudents }',
  'teacherStats { teachers monthlyAllowanceFen }',
  'teacherTrainingCoverage(cycleStartYear: $cycleStartYear) { rate }',
  'vocationalIndicators(academicYear: $academicYear) { oneHouseholdOneSkillRate }',
];

export async function dashboardFields(command: string): Promise<void> {
  const bench = await startBenchGraph();
  try {
    const token = await provinceToken(bench.graph);
    const { county: code } = await pickEntities(bench.database.url);
    const rows: Record<string, string | number | null>[] = [];
    for (const field of FIELDS) {
      const all = { code, academicYear: BENCH_YEAR, cycleStartYear: BENCH_CYCLE_START };
      const used = Object.entries(all).filter(([name]) => name === 'code' || field.includes(`$${name}`));
      const definitions = used.map(([name]) => `$${name}: ${name === 'code' ? 'String!' : 'Int!'}`).join(', ');
      const query = `query(${definitions}) { region(code: $code) { ${field} } }`;
      const variables = Object.fromEntries(used);
      await graphql(bench.graph.gatewayUrl, token, query, variables);
      const times: number[] = [];
      for (let i = 0; i < 10; i++) {
        const started = performance.now();
        await graphql(bench.graph.gatewayUrl, token, query, variables);
        times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      rows.push({ field: field.split(/[ ({]/)[0], p50: Math.round(times[4]!), max: Math.round(times[9]!) });
    }
    printTable(`County dashboard, one field at a time (county ${code}, c=1, ms)`, rows);
    writeResult('dashboard-fields', command, { county: code, rows });
  } finally {
    await bench.stop();
  }
}

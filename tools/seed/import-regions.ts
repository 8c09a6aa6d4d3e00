/**
 * Imports a province's full region code list into the households service:
 *
 *   npm run regions:import -- regions.csv        (one `code,name` per line)
 *
 * Uses HOUSEHOLDS_DATABASE_URL / DATABASE_URL, or the embedded PostgreSQL of `npm start`.
 * Applies pending migrations first; upserts (names are corrected, codes never change).
 * Refuses the whole file when a line is bad, listing every bad line.
 */
import fs from 'node:fs';
import { householdsSubgraph, loadRegions, parseRegionFile } from '@epg/households';
import { createServiceDataSource, embeddedDatabaseUrl, loadPersistenceConfig, migrateService, serviceDatabaseUrl } from '@epg/persistence';

async function main(): Promise<void> {
  const file = process.argv[2];
  if (!file) throw new Error('usage: npm run regions:import -- <file.csv>');
  const { regions, errors } = parseRegionFile(fs.readFileSync(file, 'utf8'));
  if (errors.length) {
    throw new Error(`${file}: ${errors.length} bad line(s), nothing imported:\n${errors.map((e) => `  line ${e.line}: ${e.message}`).join('\n')}`);
  }
  const url = serviceDatabaseUrl('households') ?? embeddedDatabaseUrl(loadPersistenceConfig());
  const dataSource = createServiceDataSource({
    service: 'households',
    url,
    entities: householdsSubgraph.entities,
    migrations: householdsSubgraph.migrations,
  });
  await dataSource.initialize();
  try {
    await migrateService(dataSource);
    const count = await loadRegions(dataSource, regions);
    console.log(`regions: ${count} imported from ${file}`);
  } finally {
    await dataSource.destroy();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

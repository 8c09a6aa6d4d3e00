import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { migrationRoundTrip, SCHEMA_SNAPSHOT_FILE, schemaSnapshotText, type MigrationRoundTrip, type ServiceMigrations } from './migrations';
import { createTestDatabase } from './postgres';

/**
 * Imports in a service's migrations directory that break "a migration holds its own SQL": a
 * migration file may import only `typeorm`, `index.ts` only the migration files beside it
 * (static, dynamic and `require` imports alike; test files are not looked at).
 */
export function migrationImportViolations(dir: string): string[] {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.d.ts'))
    .sort();
  const migrationFiles = new Set(files.filter((f) => f !== 'index.ts').map((f) => `./${f.replace(/\.ts$/, '')}`));
  const violations: string[] = [];
  for (const file of files) {
    const info = ts.preProcessFile(fs.readFileSync(path.join(dir, file), 'utf8'), true, true);
    const allowed = (spec: string) => (file === 'index.ts' ? migrationFiles.has(spec) : spec === 'typeorm');
    for (const { fileName } of info.importedFiles) if (!allowed(fileName)) violations.push(`${file} imports '${fileName}'`);
    for (const { fileName } of [...info.referencedFiles, ...info.typeReferenceDirectives]) violations.push(`${file} references '${fileName}'`);
  }
  return violations;
}

/**
 * The migration tests of a service (`dir`: its `src/migrations`): every migration holds its own
 * SQL; replayed on an empty database they build the committed `schema.snapshot.txt`; undone in
 * reverse they leave only the migrations table.
 */
export function testMigrations(service: ServiceMigrations, dir: string): void {
  it('hold their own SQL: each imports nothing but typeorm (index.ts only the migration files)', () => {
    expect(migrationImportViolations(dir)).toEqual([]);
  });

  describe('on an empty database', () => {
    let roundTrip: MigrationRoundTrip;
    beforeAll(async () => {
      roundTrip = await migrationRoundTrip(service, await createTestDatabase());
    });

    it(`build the schema of ${SCHEMA_SNAPSHOT_FILE} (npx tsx tools/ops/schema-snapshot.ts writes it)`, () => {
      expect(roundTrip.applied.length).toBeGreaterThan(0);
      expect(schemaSnapshotText(service.name, roundTrip.migrated)).toEqual(fs.readFileSync(path.join(dir, SCHEMA_SNAPSHOT_FILE), 'utf8'));
    });

    it('undone last first, leave nothing but the migrations table', () => {
      expect(roundTrip.undone).toEqual(roundTrip.bare);
    });
  });
}

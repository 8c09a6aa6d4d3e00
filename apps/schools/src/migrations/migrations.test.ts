import { testMigrations } from '@epg/testing/migration-tests';
import { schoolsSubgraph } from '../module';

// Every migration holds its own SQL, and replaying them all on an empty database builds the
// schema of schema.snapshot.txt beside them: an applied migration never changes meaning.
describe('schools migrations', () => {
  testMigrations(schoolsSubgraph, __dirname);
});

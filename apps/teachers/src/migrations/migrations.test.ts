import { testMigrations } from '@epg/testing/migration-tests';
import { teachersSubgraph } from '../module';

// Every migration holds its own SQL, and replaying them all on an empty database builds the
// schema of schema.snapshot.txt beside them: an applied migration never changes meaning.
describe('teachers migrations', () => {
  testMigrations(teachersSubgraph, __dirname);
});

import { testMigrations } from '@epg/testing/migration-tests';
import { vocationalSubgraph } from '../module';

// Every migration holds its own SQL, and replaying them all on an empty database builds the
// schema of schema.snapshot.txt beside them: an applied migration never changes meaning.
describe('vocational migrations', () => {
  testMigrations(vocationalSubgraph, __dirname);
});

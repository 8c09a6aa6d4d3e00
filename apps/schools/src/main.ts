import { runService } from '@epg/subgraph-kit';
import { schoolsSubgraph } from './module';

runService(schoolsSubgraph).catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

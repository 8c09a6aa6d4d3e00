import { runService } from '@epg/subgraph-kit';
import { householdsSubgraph } from './module';

runService(householdsSubgraph).catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

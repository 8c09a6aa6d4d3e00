import { runService } from '@epg/subgraph-kit';
import { teachersSubgraph } from './module';

runService(teachersSubgraph).catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

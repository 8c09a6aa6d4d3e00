import { runService } from '@epg/subgraph-kit';
import { subsidiesSubgraph } from './module';

runService(subsidiesSubgraph).catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

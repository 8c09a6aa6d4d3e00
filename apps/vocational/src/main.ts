import { runService } from '@epg/subgraph-kit';
import { vocationalSubgraph } from './module';

runService(vocationalSubgraph).catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

// Tracing first (off unless OTEL_TRACES_EXPORTER is set): it must patch http, express, graphql
// and pg before they load, so the service itself is required only afterwards.
import { startTracing } from '@epg/subgraph-kit/tracing';

startTracing('subsidies');

/* eslint-disable @typescript-eslint/no-require-imports */
const { runService } = require('@epg/subgraph-kit') as typeof import('@epg/subgraph-kit');
const { subsidiesSubgraph } = require('./module') as typeof import('./module');
/* eslint-enable @typescript-eslint/no-require-imports */

runService(subsidiesSubgraph).catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

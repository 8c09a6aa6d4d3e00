import type { DataSource } from 'typeorm';
import type { Principal } from '@epg/auth';
import type { Logger } from 'pino';
import type { ServiceGraph } from './service-graph';

/** What every resolver of every subgraph receives; services extend it with loaders and services. */
export interface BaseContext {
  /** The caller, rebuilt from the gateway's signed internal token. */
  principal: Principal;
  /** Travels from the gateway to every subgraph and into every log line. */
  requestId: string;
  logger: Logger;
  dataSource: DataSource;
  /** Reads other services' facts through the gateway, for batch jobs. */
  serviceGraph: ServiceGraph;
}

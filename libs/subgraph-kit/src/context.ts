import type { DataSource } from 'typeorm';
import type { Principal } from '@epg/auth';
import { RegionScope, ScopedData } from '@epg/persistence';
import type { Logger } from 'pino';
import type { ServiceGraph } from './service-graph';

/** What every resolver of every subgraph receives; services extend it with loaders and services. */
export interface BaseContext {
  /** The caller, rebuilt from the gateway's signed internal token. */
  principal: Principal;
  /** The gateway's own id of the request: travels to every subgraph and into every log line and audit entry. */
  requestId: string;
  /** The `x-request-id` the caller sent (bounded, printable ASCII), kept apart from ours; null when none. */
  clientRequestId?: string | null;
  logger: Logger;
  /** The service's data source: for the write envelope and named batch jobs; reads go through `data`. */
  dataSource: DataSource;
  /** The caller's region scope (its region subtree). */
  scope: RegionScope;
  /** Region-scoped data access for this request: every read through it carries the scope's predicate. */
  data: ScopedData;
  /** Reads other services' facts through the gateway, for batch jobs. */
  serviceGraph: ServiceGraph;
}

/** The per-request base context: the scope and scoped data access are built from the principal. */
export function createBaseContext(parts: Omit<BaseContext, 'scope' | 'data'>): BaseContext {
  const scope = RegionScope.of(parts.principal);
  return { ...parts, scope, data: new ScopedData(parts.dataSource.manager, scope) };
}

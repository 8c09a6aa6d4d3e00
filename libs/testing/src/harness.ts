import { print, type DocumentNode } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { PrincipalClaims } from '@epg/auth';
import { parseRegionPrefix } from '@epg/domain';
import { RegionScope, ScopedData } from '@epg/persistence';
import { createTestDatabaseFrom } from './postgres';
import { startInProcessGraph, tokenFor, type GraphModules, type InProcessGraph, type InProcessGraphOptions } from './graph';

export interface GraphQLResult<TData> {
  status: number;
  data?: TData | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

export interface TestGraph extends InProcessGraph {
  /** The test file's own database (every service's schema lives in it). */
  databaseUrl: string;
  /** Sends an operation to the gateway, as a frontend would. */
  graphql<TData = Record<string, unknown>, TVariables = Record<string, unknown>>(
    document: TypedDocumentNode<TData, TVariables> | DocumentNode | string,
    variables?: TVariables,
    token?: string | null,
  ): Promise<GraphQLResult<TData>>;
  /** Like `graphql`, for a call that must succeed: its data, or it throws with the errors. */
  succeed<TData = Record<string, unknown>>(document: DocumentNode | string, variables: Record<string, unknown>, token: string): Promise<TData>;
  /** A caller token for this graph (development key). */
  token(principal: Partial<PrincipalClaims> & Pick<PrincipalClaims, 'role' | 'regionCode'>): Promise<string>;
  /** A service's data inside one region prefix, as a report narrowed to that region reads it. */
  dataWithin(service: string, prefix: string): ScopedData;
}

export interface TestGraphOptions extends GraphModules {
  /** Load each service's demo data (default true). */
  seedDemo?: boolean;
  /** Run the services' projection consumers (default: on, polling every second, the demo's provinces). */
  projections?: InProcessGraphOptions['projections'] | false;
}

/**
 * The whole-graph tests' consumers: a test that needs another service's write in a projection
 * waits on `projectionsCaughtUp()` (which starts a pass at once), so the poll only bounds how stale
 * an unsynchronised read may be; every poll reads each feed of each region through the gateway, and
 * at 200 ms that polling alone doubled the suite's time on two cores.
 */
export const TEST_PROJECTIONS = { regions: ['360000', '420000', '620000', '990000'], pollMs: 1000 } as const;

/**
 * Starts a graph for a test file: a fresh database on the run's embedded PostgreSQL, every
 * given service migrated (and seeded unless told otherwise, its projections filled) — a clone of
 * the run's template for these options, built by the first file that asks — its subgraph and the
 * gateway on free ports. The whole-graph tests call it through apps/graph-e2e/src/support.
 */
export async function startTestGraph(options: TestGraphOptions): Promise<TestGraph> {
  const seedDemo = options.seedDemo ?? true;
  const projections = options.projections === false ? undefined : (options.projections ?? TEST_PROJECTIONS);
  const graphOn = (databaseUrl: string, seed: boolean) =>
    startInProcessGraph({ databaseUrl, subgraphs: options.subgraphs, startGateway: options.startGateway, seedDemo: seed, projections });
  // Migrated, seeded and with every projection filled once per run (the template), then cloned.
  const templateKey = JSON.stringify({ subgraphs: options.subgraphs.map((m) => m.name), seedDemo, projections: projections ?? null });
  const databaseUrl = await createTestDatabaseFrom(templateKey, async (templateUrl) => {
    const builder = await graphOn(templateUrl, seedDemo);
    try {
      await builder.projectionsCaughtUp();
    } finally {
      await builder.stop();
    }
  });
  const graph = await graphOn(databaseUrl, false);
  // The demo data is in every projection before the first test reads (as a deployment's consumers
  // have caught up before its first reader); later writes show within a poll or two.
  await graph.projectionsCaughtUp();
  const graphql: TestGraph['graphql'] = async (document, variables, token) => {
    const query = typeof document === 'string' ? document : print(document);
    const response = await fetch(graph.gatewayUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query, variables: variables ?? {} }),
    });
    const body = (await response.json()) as Omit<GraphQLResult<never>, 'status'>;
    return { status: response.status, ...(body as object) } as GraphQLResult<never>;
  };
  return {
    ...graph,
    databaseUrl,
    token: (principal) => tokenFor(graph.auth, principal),
    graphql,
    succeed: async <TData>(document: DocumentNode | string, variables: Record<string, unknown>, token: string) => {
      const result = await graphql<TData>(document, variables, token);
      if (result.errors) throw new Error(JSON.stringify(result.errors));
      return result.data as TData;
    },
    dataWithin: (service, prefix) => {
      const running = graph.services.get(service);
      if (!running) throw new Error(`no service ${service} in this graph`);
      return new ScopedData(running.dataSource.manager, RegionScope.within(parseRegionPrefix(prefix)));
    },
  };
}

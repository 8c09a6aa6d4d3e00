import type { DocumentNode } from 'graphql';
import type { EntitySchema, MixedList } from 'typeorm';
import type { BaseContext } from './context';
import type { FeedSpec } from './projection';

/**
 * Everything that makes one subgraph service, with no I/O: the composer prints its SDL,
 * the test harness and `main.ts` start it.
 */
export interface SubgraphModule<TContext extends BaseContext = BaseContext> {
  /** Service name: subgraph name, PostgreSQL schema, log name. */
  name: string;
  typeDefs: DocumentNode;
  /** The service's resolver map, typed by its graphql-codegen `Resolvers`. */
  resolvers: object;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
  /** Root fields SCHOOL staff may call (for their own school only); every other one refuses them. */
  schoolStaffFields?: readonly string[];
  /**
   * Arguments (`Mutation.importHouseholds.households`) holding a batch of records the service
   * validates one by one, so that a bad text in one record rejects that record only; every other
   * argument is refused whole when a string in it carries NUL (`refuseNulInArguments`).
   */
  batchArguments?: readonly string[];
  /**
   * Other services' feeds this service projects: followed in the background by its projection
   * consumer (projection-consumer.ts), started by the service bootstrap, never by a read.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  projections?: readonly FeedSpec<any>[];
  /** Per-request additions: DataLoaders, domain services. */
  extendContext(base: BaseContext): TContext;
  /** Loads demo data when the service's tables are empty (npm start). */
  seedDemo?(base: Pick<BaseContext, 'dataSource' | 'logger'>): Promise<void>;
}

export function defineSubgraph<TContext extends BaseContext>(module: SubgraphModule<TContext>): SubgraphModule<TContext> {
  return module;
}

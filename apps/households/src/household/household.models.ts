import type { Connection } from '@epg/subgraph-kit';
import type { HouseholdEntity } from './household.entity';

/** What the households query returns: totalCount is counted only when asked for. */
export type HouseholdConnectionModel = Connection<HouseholdEntity>;

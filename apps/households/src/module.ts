import { AuditEntry } from '@epg/persistence';
import { defineSubgraph, loadTypeDefs, mergeResolvers } from '@epg/subgraph-kit';
import { createHouseholdsContext } from './context';
import { migrations } from './migrations';
import { RegionEntity } from './region/region.entity';
import { regionResolvers } from './region/region.resolvers';
import { DEMO_REGIONS } from './region/demo-regions';
import { loadRegions } from './region/region.seed';
import { HouseholdEntity } from './household/household.entity';
import { PersonEntity } from './household/person.entity';
import { householdResolvers } from './household/household.resolvers';

/** The households service: regions, registered poor households and their members. */
export const householdsSubgraph = defineSubgraph({
  name: 'households',
  typeDefs: loadTypeDefs(__dirname),
  resolvers: mergeResolvers(regionResolvers, householdResolvers),
  entities: [AuditEntry, RegionEntity, HouseholdEntity, PersonEntity],
  migrations,
  extendContext: createHouseholdsContext,
  seedDemo: async ({ dataSource }) => {
    await loadRegions(dataSource, DEMO_REGIONS);
  },
});

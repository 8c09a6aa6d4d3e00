import { AuditEntry } from '@epg/persistence';
import { DEMO_REGIONS, demoVillageFacts } from '@epg/demo';
import { parseRegionCode } from '@epg/domain';
import { auditTrailResolver, defineSubgraph, loadTypeDefs, mergeResolvers } from '@epg/subgraph-kit';
import { createHouseholdsContext } from './context';
import { migrations } from './migrations';
import { RegionEntity } from './region/region.entity';
import { VillagePovertyFactEntity } from './region/village-facts.entity';
import { regionResolvers } from './region/region.resolvers';
import { loadRegions, loadVillageFacts } from './region/region.seed';
import { HouseholdEntity } from './household/household.entity';
import { PersonEntity } from './household/person.entity';
import { MembershipEntity } from './membership/membership.entity';
import { membershipResolvers } from './membership/membership.resolvers';
import { lookupResolvers } from './lookup/lookup.resolvers';
import { MonitoringChangeEntity } from './monitoring/monitoring.entity';
import { monitoringResolvers } from './monitoring/monitoring.resolvers';
import { HelpMeasureEntity, HelpProgressEntity, ImportRequestEntity, StatusChangeEntity } from './household/ledger.entities';
import { householdResolvers } from './household/household.resolvers';
import { feedResolvers } from './household/feed.resolvers';
import { seedDemoHouseholds } from './household/household.seed';
import { enrolmentFeed } from './pupil/enrolment-feed';

/** The households service: regions, registered poor households, their members, the change feed. */
export const householdsSubgraph = defineSubgraph({
  name: 'households',
  typeDefs: loadTypeDefs(__dirname),
  resolvers: mergeResolvers(
    { Query: { householdsAuditTrail: auditTrailResolver() } },
    regionResolvers, householdResolvers, feedResolvers, membershipResolvers, lookupResolvers, monitoringResolvers),
  entities: [
    AuditEntry,
    RegionEntity,
    VillagePovertyFactEntity,
    HouseholdEntity,
    PersonEntity,
    StatusChangeEntity,
    HelpMeasureEntity,
    HelpProgressEntity,
    ImportRequestEntity,
    MembershipEntity,
    MonitoringChangeEntity,
  ],
  migrations,
  /** Followed in the background by the projection consumer (never refreshed by reads). */
  projections: [enrolmentFeed],
  extendContext: createHouseholdsContext,
  schoolStaffFields: ['region', 'household', 'person'],
  // Each imported record is validated on its own (a NUL in one rejects that record only).
  batchArguments: ['Mutation.importHouseholds.households'],
  seedDemo: async ({ dataSource }) => {
    await loadRegions(dataSource, DEMO_REGIONS.map((r) => ({ ...r, code: parseRegionCode(r.code) })));
    await loadVillageFacts(dataSource, demoVillageFacts());
    await seedDemoHouseholds(dataSource);
  },
});

import { AuditEntry } from '@epg/persistence';
import { defineSubgraph, loadTypeDefs, mergeResolvers } from '@epg/subgraph-kit';
import { createSubsidiesContext } from './context';
import { migrations } from './migrations';
import { PolicySetEntity } from './policy/policy-set.entity';
import { policySetResolvers } from './policy/policy-set.resolvers';

/** The subsidies service: policy sets, entitlements, approval, public notice, payments. */
export const subsidiesSubgraph = defineSubgraph({
  name: 'subsidies',
  typeDefs: loadTypeDefs(__dirname),
  resolvers: mergeResolvers(policySetResolvers),
  entities: [AuditEntry, PolicySetEntity],
  migrations,
  extendContext: createSubsidiesContext,
});

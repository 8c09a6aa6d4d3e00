import { AuditEntry } from '@epg/persistence';
import { auditTrailResolver, defineSubgraph, loadTypeDefs, mergeResolvers } from '@epg/subgraph-kit';
import { createSubsidiesContext } from './context';
import { migrations } from './migrations';
import { PolicySetEntity } from './policy/policy-set.entity';
import { policySetResolvers } from './policy/policy-set.resolvers';
import { seedPolicySets } from './policy/policy-sets.data';
import { seedPolicySetRows } from './policy/policy-set.service';
import { EntitlementEntity, PaymentEntity } from './entitlement/entitlement.entities';
import { NoticeEntity, NoticeObjectionEntity } from './notice/notice.entity';
import { noticeResolvers } from './notice/notice.resolvers';
import { NutritionPlanCountyEntity } from './policy/nutrition/nutrition.entity';
import { nutritionResolvers } from './policy/nutrition/nutrition.resolvers';
import { entitlementResolvers } from './entitlement/entitlement.resolvers';
import { paymentResolvers } from './payment/payment.resolvers';

/** The subsidies service: policy sets as data, the entitlement engine, approval, notices, payments. */
export const subsidiesSubgraph = defineSubgraph({
  name: 'subsidies',
  typeDefs: loadTypeDefs(__dirname),
  resolvers: mergeResolvers(
    { Query: { subsidiesAuditTrail: auditTrailResolver() } },
    policySetResolvers, entitlementResolvers, noticeResolvers, nutritionResolvers, paymentResolvers),
  entities: [AuditEntry, PolicySetEntity, EntitlementEntity, PaymentEntity, NoticeEntity, NoticeObjectionEntity, NutritionPlanCountyEntity],
  migrations,
  extendContext: createSubsidiesContext,
  schoolStaffFields: ['entitlement', 'subsidyPolicySet', 'entitlementPreview', 'subsidyNotice', 'nutritionPlanBenefit'],
  seedDemo: ({ dataSource }) => seedPolicySetRows(dataSource, seedPolicySets()),
});

import { assertRegionInScope, canSeeRegion, type Principal } from '@epg/auth';
import { academicYearSchema, isInside, regionCodeSchema, type RegionCode } from '@epg/domain';
import { badUserInput, parseInput, parsePageArgs, toConnection, type BaseContext } from '@epg/subgraph-kit';
import { entitlementsAsOf } from './as-of.service';
import { entitlementFactsOf } from './entitlement-facts';
import { countSets, findSetKeyPage, findVersion, findVersionsOf } from './policy-history.repository';
import { amountByStageView, amountPercentOfView, amountWhenView, conditionView } from './rule-view';
import type { Resolvers } from '../generated/resolvers-types';
import { evaluatePolicySet, totalsOf } from './engine';
import { entitlementProfileSchema } from './profile';
import { findGoverningPolicySet } from './policy-set.repository';
import { amendPolicySet, createPolicySet } from './policy-set.service';

/** The set governing a region inside the caller's scope (the set itself may be an enclosing region's). */
async function governing(ctx: BaseContext, args: { regionCode: string; academicYear: number }) {
  const regionCode = parseInput(regionCodeSchema, args.regionCode, 'regionCode');
  const academicYear = parseInput(academicYearSchema, args.academicYear, 'academicYear');
  assertRegionInScope(ctx.principal, regionCode);
  return { set: await findGoverningPolicySet(ctx.dataSource, regionCode, academicYear), academicYear };
}

/**
 * Whether a caller may read a set's versions: a set of a region inside the caller's scope, or of a
 * region enclosing the caller's (the province's set governs the county).
 */
function mayReadSet(principal: Principal, regionCode: RegionCode): boolean {
  return canSeeRegion(principal, regionCode) || isInside(principal.regionCode, regionCode);
}

/** The sets concerning a region inside the caller's scope, each with its versions (one page). */
async function policySetHistories(ctx: BaseContext, args: { regionCode?: string | null; first: number; after?: string | null }) {
  const regionCode = args.regionCode == null ? ctx.principal.regionCode : parseInput(regionCodeSchema, args.regionCode, 'regionCode');
  assertRegionInScope(ctx.principal, regionCode);
  const page = parsePageArgs(args);
  const keys = await findSetKeyPage(ctx.dataSource, regionCode, page);
  const versions = await findVersionsOf(ctx.dataSource, keys.slice(0, page.first));
  const histories = keys.map((k) => ({ ...k, versions: versions.filter((v) => v.regionCode === k.regionCode && v.code === k.code) }));
  return toConnection(histories, page, (h) => [h.regionCode, h.code], () => countSets(ctx.dataSource, regionCode));
}

/** The GraphQL input carries rules as a JSON string; the service validates the parsed set. */
function withParsedRules(input: { rules: string } & Record<string, unknown>) {
  try {
    return { ...input, rules: JSON.parse(input.rules) as unknown };
  } catch {
    throw badUserInput('input.rules: not valid JSON', [{ path: 'input.rules', message: 'not valid JSON' }]);
  }
}

export const policySetResolvers: Resolvers = {
  Query: {
    subsidyPolicySet: async (_parent, args, ctx) => (await governing(ctx, args)).set,
    subsidyPolicySets: (_parent, args, ctx) => policySetHistories(ctx, args),
    subsidyPolicySetVersion: async (_parent, args, ctx) => {
      const regionCode = parseInput(regionCodeSchema, args.regionCode, 'regionCode');
      if (!mayReadSet(ctx.principal, regionCode)) return null;
      return findVersion(ctx.dataSource, regionCode, args.code, args.version);
    },
    entitlementsAsOf: (_parent, args, ctx) => entitlementsAsOf(ctx, args),
    entitlementPreview: async (_parent, args, ctx) => {
      const profile = parseInput(entitlementProfileSchema, args.profile, 'profile');
      const { set, academicYear } = await governing(ctx, args);
      const lines = set ? evaluatePolicySet(set, academicYear, profile) : [];
      return { policySet: set, lines, ...totalsOf(lines) };
    },
  },
  Mutation: {
    createPolicySet: (_parent, { input }, ctx) => createPolicySet(ctx, withParsedRules(input)),
    amendPolicySet: (_parent, { code, input, effectiveFromYear }, ctx) => amendPolicySet(ctx, code, withParsedRules(input), effectiveFromYear),
  },
  SubsidyRule: {
    stage: (rule) => rule.stages[0]!,
    grades: (rule) => rule.grades ?? null,
    funding: (rule) => rule.funding ?? [{ source: 'FINANCE', percent: 100 }],
    selectionRequired: (rule) => rule.selectionRequired ?? false,
    definition: (rule) => JSON.stringify(rule),
    when: (rule) => (rule.when ? conditionView(rule.when) : null),
    amountByStage: (rule) => amountByStageView(rule),
    amountWhen: (rule) => amountWhenView(rule),
    amountPercentOf: (rule) => amountPercentOfView(rule),
  },
  SubsidyPolicySet: {
    adoptedAt: (set) => set.createdAt,
    current: (set) => set.supersededAt === null,
  },
  SubsidyPolicySetHistory: {
    current: (history) => history.versions.find((v) => v.supersededAt === null) ?? history.versions.at(-1)!,
  },
  // Typed evidence beside the deprecated JSON `facts` (entitlement.graphql).
  Entitlement: {
    factsUsed: (e) => entitlementFactsOf(e.facts),
  },
};

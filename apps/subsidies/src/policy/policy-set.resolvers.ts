import { assertRegionInScope } from '@epg/auth';
import { academicYearSchema, regionCodeSchema } from '@epg/domain';
import { badUserInput, parseInput, type BaseContext } from '@epg/subgraph-kit';
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
  },
};

import { z } from 'zod';
import { reportPrefix, requireRegionPrefix } from '@epg/auth';
import { academicYearSchema, entitlementStatusSchema, rate, regionCodeSchema } from '@epg/domain';
import { isUuid } from '@epg/persistence';
import { parseInput, parsePageArgs, toConnection } from '@epg/subgraph-kit';
import type { SubsidiesContext } from '../context';
import type { Resolvers } from '../generated/resolvers-types';
import { computeEntitlements } from './compute.service';
import {
  countCoverageGaps,
  countEntitlements,
  findCoverageGaps,
  findEntitlementPage,
  fundingTotals,
} from './entitlement.repository';
import { readSubsidyStats } from '../coverage-rollup/coverage-rollup';
import { approveEntitlements, publishSubsidyNotice, recordPayment, submitEntitlement } from './entitlement.service';

const regionYearSchema = z.object({ regionCode: regionCodeSchema, academicYear: academicYearSchema });

/** The region prefix a list may read: the requested region narrowed to the caller's scope. */
function listPrefix(ctx: SubsidiesContext, args: unknown) {
  const { regionCode, academicYear } = parseInput(regionYearSchema, args, 'arguments');
  return { prefix: requireRegionPrefix(ctx.principal, regionCode), academicYear };
}

export const entitlementResolvers: Resolvers = {
  Query: {
    entitlement: (_parent, { id }, ctx) => ctx.loaders.entitlement.load(id),
    entitlements: async (_parent, args, ctx) => {
      const { prefix, academicYear } = listPrefix(ctx, args);
      const status = parseInput(entitlementStatusSchema.nullish(), args.status, 'status') ?? null;
      const page = parsePageArgs(args);
      const rows = await findEntitlementPage(ctx.dataSource, prefix, academicYear, status, page);
      return toConnection(rows, page, (e) => [e.personId, e.ruleCode, e.id], () => countEntitlements(ctx.dataSource, prefix, academicYear, status));
    },
    subsidyCoverageGaps: async (_parent, args, ctx) => {
      const { prefix, academicYear } = listPrefix(ctx, args);
      const page = parsePageArgs(args);
      const rows = await findCoverageGaps(ctx.dataSource, prefix, academicYear, page);
      return toConnection(rows, page, (g) => [g.personId, g.ruleCode], () => countCoverageGaps(ctx.dataSource, prefix, academicYear));
    },
    subsidyFundingTotals: (_parent, args, ctx) => {
      const { prefix, academicYear } = listPrefix(ctx, args);
      return fundingTotals(ctx.dataSource, prefix, academicYear);
    },
  },
  Mutation: {
    computeEntitlements: (_parent, args, ctx) => computeEntitlements(ctx, args),
    approveEntitlements: (_parent, { ids }, ctx) => approveEntitlements(ctx, ids),
    publishSubsidyNotice: (_parent, args, ctx) => publishSubsidyNotice(ctx, args),
    recordPayment: (_parent, { input }, ctx) => recordPayment(ctx, input),
    submitEntitlement: (_parent, { input }, ctx) => submitEntitlement(ctx, input),
  },
  Entitlement: {
    __resolveReference: (ref, ctx) => ctx.loaders.entitlement.load(ref.id),
    person: (e) => ({ id: e.personId }),
    school: (e) => (e.schoolId ? { id: e.schoolId } : null),
    payments: (e, _args, ctx) => ctx.loaders.payments.load(e.id),
    facts: (e) => JSON.stringify(e.facts),
  },
  Payment: {
    entitlement: (p, _args, ctx) => ctx.loaders.entitlement.load(p.entitlementId),
  },
  CoverageGap: {
    missingFen: (g) => (g.entitledFen === null ? null : g.entitledFen - g.paidFen),
    entitlement: (g, _args, ctx) => (g.entitlementId ? ctx.loaders.entitlement.load(g.entitlementId) : null),
    person: (g) => ({ id: g.personId }),
  },
  Person: {
    __resolveReference: (ref) => ({ id: ref.id }),
    entitlements: async (person, { academicYear }, ctx) => {
      if (!isUuid(person.id)) return [];
      const rows = await ctx.loaders.entitlementsOfPerson.load(person.id);
      return academicYear == null ? rows : rows.filter((e) => e.academicYear === academicYear);
    },
  },
  School: {
    __resolveReference: (ref) => ({ id: ref.id }),
    subsidyTotals: async (school, { academicYear }, ctx) => {
      const year = parseInput(academicYearSchema, academicYear, 'academicYear');
      if (!isUuid(school.id)) return null;
      return (await ctx.loaders.schoolTotals.load(`${school.id}|${year}`)) ?? { students: 0, entitledFen: 0, paidFen: 0 };
    },
  },
  Region: {
    __resolveReference: (ref) => ({ code: ref.code }),
    subsidyStats: async (region, { academicYear }, ctx) => {
      // Only inside the caller's subtree: an ancestor's figures would include other regions.
      const prefix = reportPrefix(ctx.principal, region.code);
      if (prefix === null) return null;
      const year = parseInput(academicYearSchema, academicYear, 'academicYear');
      const stats = await readSubsidyStats(ctx.dataSource, prefix, year);
      return { ...stats, coverageRate: rate(stats.coveredStudents, stats.eligibleStudents) };
    },
  },
};

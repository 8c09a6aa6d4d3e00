import { academicYearSchema, canonicalPrefix, entitlementStatusSchema, isRegionCode, rate, todayIso } from '@epg/domain';
import { isUuid, type RegionScope } from '@epg/persistence';
import { parseInput, parsePageArgs, toConnection } from '@epg/subgraph-kit';
import type { SubsidiesContext } from '../context';
import type { Resolvers } from '../generated/resolvers-types';
import { computeEntitlements } from './compute.service';
import {
  countCoverageGaps,
  countEntitlements,
  countRecoveries,
  findCoverageGaps,
  findEntitlementPage,
  findRecoveryPage,
  fundingTotals,
} from './entitlement.repository';
import { readSubsidyStats } from '../coverage-rollup/coverage-rollup';
import { listData } from './list-data';
import { cancelEntitlement, recordInKindDelivery } from './ledger-actions.service';
import { countPresenceExceptions, findPresenceExceptions } from './presence.repository';
import { approveEntitlements, recordPayment, submitEntitlement } from './entitlement.service';

/**
 * The scope a region report may cover: the region's own, when the region lies inside the caller's
 * scope; null otherwise (outside the scope, or above it: a partial figure must not pass for the
 * whole region).
 */
function reportScope(ctx: SubsidiesContext, code: string): RegionScope | null {
  if (!isRegionCode(code)) return null;
  const narrowed = ctx.scope.narrowTo(code);
  return narrowed !== null && narrowed.prefix === canonicalPrefix(code) ? narrowed : null;
}

export const entitlementResolvers: Resolvers = {
  Query: {
    entitlement: (_parent, { id }, ctx) => ctx.loaders.entitlement.load(id),
    entitlements: async (_parent, args, ctx) => {
      const { data, academicYear } = listData(ctx, args);
      const status = parseInput(entitlementStatusSchema.nullish(), args.status, 'status') ?? null;
      const page = parsePageArgs(args);
      const rows = await findEntitlementPage(data, academicYear, status, page);
      return toConnection(rows, page, (e) => [e.personId, e.ruleCode, e.id], () => countEntitlements(data, academicYear, status));
    },
    subsidyCoverageGaps: async (_parent, args, ctx) => {
      const { data, academicYear } = listData(ctx, args);
      const page = parsePageArgs(args);
      const rows = await findCoverageGaps(data, academicYear, page);
      return toConnection(rows, page, (g) => [g.personId, g.ruleCode], () => countCoverageGaps(data, academicYear));
    },
    subsidyRecoveries: async (_parent, args, ctx) => {
      const { data, academicYear } = listData(ctx, args);
      const page = parsePageArgs(args);
      const rows = await findRecoveryPage(data, academicYear, page);
      return toConnection(rows, page, (e) => [e.personId, e.ruleCode, e.id], () => countRecoveries(data, academicYear));
    },
    subsidyPresenceExceptions: async (_parent, args, ctx) => {
      const { data, academicYear } = listData(ctx, args);
      const page = parsePageArgs(args);
      const rows = await findPresenceExceptions(data, academicYear, page);
      return toConnection(rows, page, (r) => [r.personId, r.ruleCode, r.entitlementId], () => countPresenceExceptions(data, academicYear));
    },
    subsidyFundingTotals: (_parent, args, ctx) => {
      const { data, academicYear } = listData(ctx, args);
      return fundingTotals(data, academicYear);
    },
  },
  Mutation: {
    computeEntitlements: (_parent, args, ctx) => computeEntitlements(ctx, args),
    approveEntitlements: (_parent, { ids }, ctx) => approveEntitlements(ctx, ids),
    recordPayment: (_parent, { input }, ctx) => recordPayment(ctx, input),
    submitEntitlement: (_parent, { input }, ctx) => submitEntitlement(ctx, input),
    cancelEntitlement: (_parent, args, ctx) => cancelEntitlement(ctx, args),
    recordInKindDelivery: (_parent, args, ctx) => recordInKindDelivery(ctx, args),
  },
  Entitlement: {
    __resolveReference: (ref, ctx) => ctx.loaders.entitlement.load(ref.id),
    person: (e) => ({ id: e.personId }),
    school: (e) => (e.schoolId ? { id: e.schoolId } : null),
    payments: (e, _args, ctx) => ctx.loaders.payments.load(e.id),
    topUpOf: (e, _args, ctx) => (e.topUpOf ? ctx.loaders.entitlement.load(e.topUpOf) : null),
    topUps: (e, _args, ctx) => ctx.loaders.topUps.load(e.id),
    facts: (e) => JSON.stringify(e.facts),
  },
  SubsidyRecovery: {
    entitlement: (e) => e,
    stoppedOn: (e) => todayIso(e.cancelledAt ?? new Date()),
    reason: (e) => e.cancelReason ?? 'cancelled',
    person: (e) => ({ id: e.personId }),
    school: (e) => (e.schoolId ? { id: e.schoolId } : null),
  },
  SubsidyPresenceException: {
    entitlement: async (r, _args, ctx) => (await ctx.loaders.entitlement.load(r.entitlementId))!,
    enrolmentStatus: (r) => (r.inSchool ? null : r.absentStatus),
    person: (r) => ({ id: r.personId }),
    school: (r) => (r.schoolId ? { id: r.schoolId } : null),
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
      const report = reportScope(ctx, region.code);
      if (report === null) return null;
      const year = parseInput(academicYearSchema, academicYear, 'academicYear');
      const stats = await readSubsidyStats(ctx.data.manager, report, year);
      return { ...stats, coverageRate: rate(stats.coveredStudents, stats.eligibleStudents) };
    },
  },
};

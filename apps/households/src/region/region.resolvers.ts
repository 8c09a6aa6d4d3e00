import { forbidden } from '@epg/auth';
import { academicYearOf, academicYearSchema, regionCodeSchema, todayIso } from '@epg/domain';
import { parseInput } from '@epg/subgraph-kit';
import type { Resolvers } from '../generated/resolvers-types';
import { canSeeRegionNode } from './region.access';
import { isPovertyVillage } from './poverty-village';
import { householdStatsFromRollup } from './household-stats.repository';
import { recordVillagePovertyFacts } from './region.service';
import type { VillagePovertyFactEntity } from './village-facts.entity';

function toFacts(row: VillagePovertyFactEntity) {
  const facts = {
    year: row.year,
    incidencePercent: Number(row.incidencePercent),
    incomePerCapitaFen: row.incomePerCapitaFen,
    hasCollectiveIncome: row.hasCollectiveIncome,
  };
  return { ...facts, povertyVillage: isPovertyVillage(facts) };
}

/** The region loaders answer only regions the caller may see (its subtree and the regions above it). */
export const regionResolvers: Resolvers = {
  Query: {
    region: async (_parent, args, ctx) => {
      const code = parseInput(regionCodeSchema, args.code, 'code');
      if (!canSeeRegionNode(ctx.scope, code)) throw forbidden(`region ${code} is outside your region scope`);
      return ctx.loaders.region.load(code);
    },
  },
  Mutation: {
    recordVillagePovertyFacts: (_parent, { input }, ctx) => recordVillagePovertyFacts(ctx, input),
  },
  Region: {
    __resolveReference: (ref, ctx) => ctx.loaders.region.load(ref.code),
    parent: (region, _args, ctx) => (region.parentCode ? ctx.loaders.region.load(region.parentCode) : null),
    children: (region, _args, ctx) => ctx.loaders.childRegions.load(region.code),
    povertyFacts: async (region, _args, ctx) =>
      region.level === 'VILLAGE' ? (await ctx.loaders.villageFacts.load(region.code)).map(toFacts) : [],
    povertyVillage: async (region, { year }, ctx) => {
      if (region.level !== 'VILLAGE') return null;
      const facts = (await ctx.loaders.villageFacts.load(region.code)).map(toFacts);
      const chosen = year == null ? facts[facts.length - 1] : facts.find((f) => f.year === year);
      return chosen ? chosen.povertyVillage : null;
    },
    householdStats: async (region, args, ctx) => {
      // Only the caller's subtree or a region inside it: an ancestor's figures would include other regions.
      const data = ctx.data.reportOn(region.code);
      if (data === null) return null;
      const academicYear =
        args.academicYear == null ? academicYearOf(todayIso()) : parseInput(academicYearSchema, args.academicYear, 'academicYear');
      return { ...(await householdStatsFromRollup(data, academicYear)), academicYear };
    },
  },
};

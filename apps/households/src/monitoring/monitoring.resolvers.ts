import { consolidationPeriod, inConsolidationPeriod, monitoringCategorySchema, regionCodeSchema, riskFlagSchema, todayIso } from '@epg/domain';
import { parseInput, parsePageArgs, toConnection } from '@epg/subgraph-kit';
import { z } from 'zod';
import type { Resolvers } from '../generated/resolvers-types';
import { countMonitored, findMonitoredPage } from './monitoring.repository';
import { classifyHouseholdForMonitoring, declassifyHousehold } from './monitoring.service';

const filterSchema = z.object({
  regionCode: regionCodeSchema,
  category: monitoringCategorySchema.nullish(),
  riskFlag: riskFlagSchema.nullish(),
});

export const monitoringResolvers: Resolvers = {
  Query: {
    monitoredHouseholds: async (_parent, args, ctx) => {
      const filter = parseInput(filterSchema, { regionCode: args.regionCode, category: args.category, riskFlag: args.riskFlag }, 'arguments');
      // The caller's scope narrowed to the requested region; FORBIDDEN when they do not overlap.
      const data = ctx.data.narrowTo(filter.regionCode);
      const page = parsePageArgs(args);
      const rows = await findMonitoredPage(data, filter, page);
      return toConnection(rows, page, (h) => [h.registrationNumber], () => countMonitored(data, filter));
    },
  },
  Mutation: {
    classifyHouseholdForMonitoring: (_parent, args, ctx) => classifyHouseholdForMonitoring(ctx, args),
    declassifyHousehold: (_parent, args, ctx) => declassifyHousehold(ctx, args),
  },
  Household: {
    monitoring: (household) =>
      household.monitoringCategory && household.monitoringSince
        ? { category: household.monitoringCategory, since: household.monitoringSince, riskFlags: household.monitoringRisks }
        : null,
    monitoringHistory: (household, _args, ctx) => ctx.loaders.monitoringHistory.load(household.id),
    consolidationPeriod: (household) => {
      if (household.status !== 'EXITED' || !household.lastExitedOn) return null;
      const period = consolidationPeriod(household.lastExitedOn);
      return { ...period, current: inConsolidationPeriod(period, todayIso()) };
    },
  },
};

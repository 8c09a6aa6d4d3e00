import { regionCodeSchema } from '@epg/domain';
import { parseInput, parsePageArgs, toConnection } from '@epg/subgraph-kit';
import type { Resolvers } from '../../generated/resolvers-types';
import { countCounties, findCountyPage, nutritionPlanBenefit, setNutritionPlanCounty } from './nutrition.service';

/** The nutrition improvement plan (营养改善计划): covered counties and a school's figure. */
export const nutritionResolvers: Resolvers = {
  Query: {
    nutritionPlanCounties: async (_parent, args, ctx) => {
      const regionCode = parseInput(regionCodeSchema, args.regionCode, 'regionCode');
      const data = ctx.data.narrowTo(regionCode);
      const page = parsePageArgs(args);
      const rows = await findCountyPage(data, page);
      return toConnection(rows, page, (c) => [c.countyCode], () => countCounties(data));
    },
    nutritionPlanBenefit: (_parent, args, ctx) => nutritionPlanBenefit(ctx, args),
  },
  Mutation: {
    setNutritionPlanCounty: (_parent, { input }, ctx) => setNutritionPlanCounty(ctx, input),
  },
  NutritionPlanCounty: {
    yearlyFen: (c) => c.dailyFen * c.schoolDays,
  },
  NutritionPlanBenefit: {
    covered: (b) => b.plan !== null,
    coverage: (b) => b.plan,
  },
};

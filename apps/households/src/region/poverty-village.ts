import { z } from 'zod';
import { fenSchema, plausibleFactYear, refinePlausible, villageCodeSchema } from '@epg/domain';

/**
 * Poor-village identification (贫困村, "一高一低一无"): poverty incidence above 27%, income per
 * capita below 4,819 yuan, and no collective-economy income.
 */
export const POOR_VILLAGE_CRITERIA = { incidenceAbovePercent: 27, incomeBelowFen: 481_900 } as const;

export interface VillageFacts {
  incidencePercent: number;
  incomePerCapitaFen: number;
  hasCollectiveIncome: boolean;
}

export function isPovertyVillage(facts: VillageFacts): boolean {
  return (
    facts.incidencePercent > POOR_VILLAGE_CRITERIA.incidenceAbovePercent &&
    facts.incomePerCapitaFen < POOR_VILLAGE_CRITERIA.incomeBelowFen &&
    !facts.hasCollectiveIncome
  );
}

export const villagePovertyFactsInputSchema = z.object({
  villageCode: villageCodeSchema,
  /** The year the facts describe: from 2000 to this year. */
  year: z
    .number()
    .int('a year is a whole number')
    .superRefine(refinePlausible((year: number) => plausibleFactYear(year))),
  incidencePercent: z.number().min(0, 'incidence is a percentage from 0 to 100').max(100, 'incidence is a percentage from 0 to 100'),
  incomePerCapitaFen: fenSchema,
  hasCollectiveIncome: z.boolean(),
});

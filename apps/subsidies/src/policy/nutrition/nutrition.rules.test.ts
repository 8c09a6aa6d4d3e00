import { countsForNutritionPlan, coversYear, nutritionBenefitOf, nutritionCountyInputSchema } from './nutrition.rules';

describe('nutrition improvement plan (营养改善计划)', () => {
  it('gives 4 yuan × 200 school days = 80,000 fen a student a year by default', () => {
    const plan = nutritionCountyInputSchema.parse({ countyCode: '360323', fromYear: 2015 });
    expect(plan).toMatchObject({ dailyFen: 400, schoolDays: 200, toYear: null });
    expect(nutritionBenefitOf(plan, 3)).toEqual({ perStudentFen: 80000, amountFen: 240000 });
    expect(nutritionBenefitOf(null, 3)).toEqual({ perStudentFen: 0, amountFen: 0 });
  });

  it('counts rural students in primary and junior stages only', () => {
    expect(countsForNutritionPlan({ stage: 'PRIMARY', ruralResident: true })).toBe(true);
    expect(countsForNutritionPlan({ stage: 'JUNIOR', ruralResident: true })).toBe(true);
    expect(countsForNutritionPlan({ stage: 'JUNIOR', ruralResident: false })).toBe(false);
    expect(countsForNutritionPlan({ stage: 'PRESCHOOL', ruralResident: true })).toBe(false);
    expect(countsForNutritionPlan({ stage: 'SENIOR', ruralResident: true })).toBe(false);
  });

  it('covers the years from fromYear to toYear inclusive', () => {
    expect(coversYear({ fromYear: 2015, toYear: 2020 }, 2014)).toBe(false);
    expect(coversYear({ fromYear: 2015, toYear: 2020 }, 2020)).toBe(true);
    expect(coversYear({ fromYear: 2015, toYear: null }, 2030)).toBe(true);
  });

  it('refuses a city or township code, a year before the plan, a rate out of range, reversed years', () => {
    const issues = (input: object) => nutritionCountyInputSchema.safeParse(input).error?.issues.map((i) => i.path.join('.'));
    expect(issues({ countyCode: '360300', fromYear: 2015 })).toEqual(['countyCode']);
    expect(issues({ countyCode: '360323101', fromYear: 2015 })).toEqual(['countyCode']);
    expect(issues({ countyCode: '360323', fromYear: 2010 })).toEqual(['fromYear']);
    expect(issues({ countyCode: '360323', fromYear: 2015, dailyFen: 0 })).toEqual(['dailyFen']);
    expect(issues({ countyCode: '360323', fromYear: 2015, schoolDays: 400 })).toEqual(['schoolDays']);
    expect(issues({ countyCode: '360323', fromYear: 2015, toYear: 2014 })).toEqual(['toYear']);
  });
});

import { assertRegionInScope } from '@epg/auth';
import { academicYearSchema } from '@epg/domain';
import { isUuid, keysetPage, type ScopedData } from '@epg/persistence';
import { parseInput, write, type BaseContext, type PageRequest } from '@epg/subgraph-kit';
import { z } from 'zod';
import { profileOf, type StudentFacts, STUDENT_FACT_COLUMNS } from '../../facts/student-profile';
import { assertPolicyAdministrator, POLICY_ADMIN } from '../policy-admin.rules';
import { NutritionPlanCountyEntity } from './nutrition.entity';
import { COMPULSORY_STAGES, countsForNutritionPlan, coversYear, nutritionBenefitOf, nutritionCountyInputSchema } from './nutrition.rules';

/**
 * Covers a county by the nutrition improvement plan, or changes its years or rate (policy:admin;
 * a province, city or county office whose scope holds the county). One row per county: setting it
 * again replaces the years and rate, audited with what was there before.
 */
export function setNutritionPlanCounty(ctx: BaseContext, rawInput: unknown): Promise<NutritionPlanCountyEntity> {
  return write(ctx, { operation: 'setNutritionPlanCounty', scope: POLICY_ADMIN }, async (tx) => {
    assertPolicyAdministrator(ctx.principal);
    const input = parseInput(nutritionCountyInputSchema, rawInput, 'input');
    assertRegionInScope(ctx.principal, input.countyCode);
    const repo = tx.manager.getRepository(NutritionPlanCountyEntity);
    const before = await repo.createQueryBuilder('c').setLock('pessimistic_write').where('c.county_code = :code', { code: input.countyCode }).getOne();
    const values = { fromYear: input.fromYear, toYear: input.toYear, dailyFen: input.dailyFen, schoolDays: input.schoolDays, setBy: ctx.principal.subject };
    let saved: NutritionPlanCountyEntity;
    if (before) {
      await repo.update({ id: before.id }, values);
      saved = { ...before, ...values };
    } else {
      saved = await repo.save({ countyCode: input.countyCode, ...values });
    }
    tx.audit({
      operation: 'setNutritionPlanCounty',
      regionCode: input.countyCode,
      entityType: 'NutritionPlanCounty',
      entityId: saved.id,
      before: before ? { fromYear: before.fromYear, toYear: before.toYear, dailyFen: before.dailyFen, schoolDays: before.schoolDays } : null,
      after: { countyCode: input.countyCode, fromYear: input.fromYear, toYear: input.toYear, dailyFen: input.dailyFen, schoolDays: input.schoolDays },
    });
    return saved;
  });
}

const COUNTY_KEYS = [{ expression: 'c.county_code' }];

export function findCountyPage(data: ScopedData, page: PageRequest) {
  return keysetPage(data.repository(NutritionPlanCountyEntity).query('c'), page, COUNTY_KEYS);
}

export function countCounties(data: ScopedData) {
  return data.repository(NutritionPlanCountyEntity).count('c');
}

export interface NutritionBenefitView {
  schoolId: string;
  academicYear: number;
  countyCode: string;
  plan: NutritionPlanCountyEntity | null;
  studentsCounted: number;
  compulsoryStudents: number;
  perStudentFen: number;
  amountFen: number;
}

const benefitSchema = z.object({ schoolId: z.string(), academicYear: academicYearSchema });

/**
 * A school's nutrition plan figure for a year, from the facts subsidies projects: the school's
 * students enrolled that year in compulsory stages, those counted being rural residents as the
 * engine reads them (members of registered households other than urban difficult families, by
 * the household's status that year); × the county's rate when the county is covered that year.
 * Students outside the poverty registry are not projected into subsidies, so `compulsoryStudents`
 * (all enrolled in those stages) is given beside the count. Null when the school has no enrolment
 * inside the caller's scope that year.
 */
export async function nutritionPlanBenefit(ctx: BaseContext, rawArgs: unknown): Promise<NutritionBenefitView | null> {
  const { schoolId, academicYear } = parseInput(benefitSchema, rawArgs, 'arguments');
  if (!isUuid(schoolId)) return null;
  const students = await ctx.data.query<StudentFacts>(
    (region) =>
      `SELECT DISTINCT ON (e.person_id) ${STUDENT_FACT_COLUMNS}
         FROM enrolment_fact e LEFT JOIN person_fact p ON p.person_id = e.person_id
        WHERE e.school_id = $2 AND e.academic_year = $3 AND e.stage = ANY($4::text[]) AND e.status IN ('ENROLLED', 'GRADUATED')
          AND ${region('e.school_region_code')}
        ORDER BY e.person_id, e.status`,
    [schoolId, academicYear, COMPULSORY_STAGES],
  );
  const [any] = students.length ? students : await ctx.data.query<{ schoolRegionCode: string }>(
    (region) => `SELECT school_region_code AS "schoolRegionCode" FROM enrolment_fact WHERE school_id = $2 AND academic_year = $3 AND ${region('school_region_code')} LIMIT 1`,
    [schoolId, academicYear],
  );
  if (!any) return null;
  const countyCode = any.schoolRegionCode.slice(0, 6);
  const counted = students.filter((s) => countsForNutritionPlan(profileOf(s, academicYear))).length;
  const row = await ctx.dataSource.getRepository(NutritionPlanCountyEntity).findOneBy({ countyCode: countyCode as NutritionPlanCountyEntity['countyCode'] });
  const plan = row && coversYear(row, academicYear) ? row : null;
  return { schoolId, academicYear, countyCode, plan, studentsCounted: counted, compulsoryStudents: students.length, ...nutritionBenefitOf(plan, counted) };
}

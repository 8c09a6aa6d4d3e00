import type { SchoolType, Stage } from './enums';

/** The stages each school type teaches (no senior stage at a primary school). */
export const SCHOOL_TYPE_STAGES: Record<SchoolType, readonly Stage[]> = {
  KINDERGARTEN: ['PRESCHOOL'],
  PRIMARY: ['PRIMARY'],
  TEACHING_POINT: ['PRIMARY', 'PRESCHOOL'],
  JUNIOR_SECONDARY: ['JUNIOR'],
  NINE_YEAR: ['PRIMARY', 'JUNIOR'],
  COMPLETE_SECONDARY: ['JUNIOR', 'SENIOR'],
  SENIOR_SECONDARY: ['SENIOR'],
  SECONDARY_VOCATIONAL: ['SECONDARY_VOCATIONAL'],
  SPECIAL_EDUCATION: ['PRESCHOOL', 'PRIMARY', 'JUNIOR', 'SENIOR', 'SECONDARY_VOCATIONAL'],
};

/** Years of study in each stage (grade runs 1..n). */
export const STAGE_GRADES: Record<Stage, number> = {
  PRESCHOOL: 3,
  PRIMARY: 6,
  JUNIOR: 3,
  SENIOR: 3,
  SECONDARY_VOCATIONAL: 3,
  HIGHER_VOCATIONAL: 3,
  UNDERGRADUATE: 5,
};

/** Null when the stage and grade fit the school type, else the reason. */
export function checkStageFitsSchool(
  schoolType: SchoolType,
  stage: Stage,
  grade: number,
): { field: 'stage' | 'grade'; message: string } | null {
  if (!SCHOOL_TYPE_STAGES[schoolType].includes(stage)) {
    return { field: 'stage', message: `a ${schoolType} school does not teach the ${stage} stage` };
  }
  const grades = STAGE_GRADES[stage];
  if (!Number.isInteger(grade) || grade < 1 || grade > grades) {
    return { field: 'grade', message: `the ${stage} stage has grades 1 to ${grades}` };
  }
  return null;
}

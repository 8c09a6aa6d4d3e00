import { z } from 'zod';

/** Every enum of ../shared/contract/enums.md, as const arrays, types and zod schemas. */
export const REGION_LEVELS = ['PROVINCE', 'CITY', 'COUNTY', 'TOWNSHIP', 'VILLAGE'] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];
export const regionLevelSchema = z.enum(REGION_LEVELS);

/** 建档立卡 status lifecycle (进退机制). */
export const HOUSEHOLD_STATUSES = ['IDENTIFIED', 'EXITED', 'RELAPSED', 'REMOVED'] as const;
export type HouseholdStatus = (typeof HOUSEHOLD_STATUSES)[number];
export const householdStatusSchema = z.enum(HOUSEHOLD_STATUSES);

/** 扶贫户, 扶贫低保户, 纯低保户, 五保户/特困供养, 城镇困难. */
export const HOUSEHOLD_CATEGORIES = [
  'POVERTY_REGISTERED',
  'POVERTY_LOW_INCOME',
  'LOW_INCOME_ONLY',
  'FIVE_GUARANTEES',
  'URBAN_DIFFICULT',
] as const;
export type HouseholdCategory = (typeof HOUSEHOLD_CATEGORIES)[number];
export const householdCategorySchema = z.enum(HOUSEHOLD_CATEGORIES);

/** 致贫原因. */
export const POVERTY_CAUSES = [
  'ILLNESS',
  'DISABILITY',
  'EDUCATION',
  'DISASTER',
  'LACK_OF_LAND',
  'LACK_OF_WATER',
  'LACK_OF_SKILLS',
  'LACK_OF_LABOUR',
  'LACK_OF_CAPITAL',
  'TRANSPORT',
  'OWN_EFFORT',
  'OTHER',
] as const;
export type PovertyCause = (typeof POVERTY_CAUSES)[number];
export const povertyCauseSchema = z.enum(POVERTY_CAUSES);

export const RELATIONS = ['HEAD', 'SPOUSE', 'CHILD', 'PARENT', 'GRANDPARENT', 'GRANDCHILD', 'SIBLING', 'OTHER'] as const;
export type Relation = (typeof RELATIONS)[number];
export const relationSchema = z.enum(RELATIONS);

export const GENDERS = ['MALE', 'FEMALE'] as const;
export type Gender = (typeof GENDERS)[number];
export const genderSchema = z.enum(GENDERS);

export const SCHOOL_TYPES = [
  'KINDERGARTEN',
  'PRIMARY',
  'JUNIOR_SECONDARY',
  'NINE_YEAR',
  'COMPLETE_SECONDARY',
  'SENIOR_SECONDARY',
  'SECONDARY_VOCATIONAL',
  'SPECIAL_EDUCATION',
  'TEACHING_POINT',
] as const;
export type SchoolType = (typeof SCHOOL_TYPES)[number];
export const schoolTypeSchema = z.enum(SCHOOL_TYPES);

/** 公办, 普惠性民办, 民办. */
export const SCHOOL_OWNERSHIPS = ['PUBLIC', 'PRIVATE_INCLUSIVE', 'PRIVATE'] as const;
export type SchoolOwnership = (typeof SCHOOL_OWNERSHIPS)[number];
export const schoolOwnershipSchema = z.enum(SCHOOL_OWNERSHIPS);

export const STAGES = [
  'PRESCHOOL',
  'PRIMARY',
  'JUNIOR',
  'SENIOR',
  'SECONDARY_VOCATIONAL',
  'HIGHER_VOCATIONAL',
  'UNDERGRADUATE',
] as const;
export type Stage = (typeof STAGES)[number];
export const stageSchema = z.enum(STAGES);

/** 学籍 status. */
export const ENROLMENT_STATUSES = ['ENROLLED', 'TRANSFERRED_OUT', 'SUSPENDED', 'DROPPED_OUT', 'GRADUATED'] as const;
export type EnrolmentStatus = (typeof ENROLMENT_STATUSES)[number];
export const enrolmentStatusSchema = z.enum(ENROLMENT_STATUSES);

/** 控辍保学 case status. */
export const DROPOUT_CASE_STATUSES = ['SUSPECTED', 'CONFIRMED', 'PERSUADING', 'HOME_TEACHING', 'RETURNED', 'CLOSED'] as const;
export type DropoutCaseStatus = (typeof DROPOUT_CASE_STATUSES)[number];
export const dropoutCaseStatusSchema = z.enum(DROPOUT_CASE_STATUSES);

/** 家访, 劝返, 送教上门, 返校, 销号. */
export const DROPOUT_ACTION_KINDS = ['HOME_VISIT', 'PERSUASION', 'HOME_TEACHING', 'RETURNED_TO_SCHOOL', 'CLOSED'] as const;
export type DropoutActionKind = (typeof DROPOUT_ACTION_KINDS)[number];
export const dropoutActionKindSchema = z.enum(DROPOUT_ACTION_KINDS);

export const FACILITY_CATEGORIES = [
  'TEACHING_ROOMS',
  'DORMITORY',
  'CANTEEN',
  'TOILETS',
  'SPORTS_GROUND',
  'EQUIPMENT',
  'BOOKS',
  'BROADBAND',
  'MULTIMEDIA_CLASSROOMS',
  'HEATING',
  'WATER',
] as const;
export type FacilityCategory = (typeof FACILITY_CATEGORIES)[number];
export const facilityCategorySchema = z.enum(FACILITY_CATEGORIES);

export const PROJECT_STATUSES = ['PLANNED', 'APPROVED', 'UNDER_CONSTRUCTION', 'COMPLETED', 'ACCEPTED'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];
export const projectStatusSchema = z.enum(PROJECT_STATUSES);

export const BENEFICIARIES = ['STUDENT', 'SCHOOL'] as const;
export type Beneficiary = (typeof BENEFICIARIES)[number];
export const beneficiarySchema = z.enum(BENEFICIARIES);

export const ENTITLEMENT_STATUSES = ['COMPUTED', 'APPROVED', 'PUBLICISED', 'PAID', 'CANCELLED'] as const;
export type EntitlementStatus = (typeof ENTITLEMENT_STATUSES)[number];
export const entitlementStatusSchema = z.enum(ENTITLEMENT_STATUSES);

export const ENTITLEMENT_KINDS = ['CASH', 'FEE_WAIVER', 'IN_KIND'] as const;
export type EntitlementKind = (typeof ENTITLEMENT_KINDS)[number];
export const entitlementKindSchema = z.enum(ENTITLEMENT_KINDS);

/** 在编, 特岗, 定向培养, 支教, 代课. */
export const TEACHER_POST_TYPES = ['REGULAR', 'SPECIAL_POST', 'DIRECTED', 'SUPPORT', 'SUBSTITUTE'] as const;
export type TeacherPostType = (typeof TEACHER_POST_TYPES)[number];
export const teacherPostTypeSchema = z.enum(TEACHER_POST_TYPES);

/** 国培, 省培, 市, 县, 校本. */
export const TRAINING_LEVELS = ['NATIONAL', 'PROVINCIAL', 'CITY', 'COUNTY', 'SCHOOL'] as const;
export type TrainingLevel = (typeof TRAINING_LEVELS)[number];
export const trainingLevelSchema = z.enum(TRAINING_LEVELS);

/** 新型职业农民, 转移就业, 实用技术, 创业, 雨露计划. */
export const SKILLS_TRAINING_KINDS = [
  'NEW_PROFESSIONAL_FARMER',
  'MIGRANT_TRANSFER',
  'PRACTICAL_TECHNIQUE',
  'ENTREPRENEURSHIP',
  'RAIN_DEW',
] as const;
export type SkillsTrainingKind = (typeof SKILLS_TRAINING_KINDS)[number];
export const skillsTrainingKindSchema = z.enum(SKILLS_TRAINING_KINDS);

export const VOCATIONAL_ENROLMENT_STATUSES = ['ENROLLED', 'GRADUATED', 'WITHDRAWN'] as const;
export type VocationalEnrolmentStatus = (typeof VOCATIONAL_ENROLMENT_STATUSES)[number];
export const vocationalEnrolmentStatusSchema = z.enum(VOCATIONAL_ENROLMENT_STATUSES);

export const MODEL_SCHOOL_LEVELS = ['PROVINCIAL', 'COUNTY'] as const;
export type ModelSchoolLevel = (typeof MODEL_SCHOOL_LEVELS)[number];
export const modelSchoolLevelSchema = z.enum(MODEL_SCHOOL_LEVELS);

/** Every enum by its GraphQL name: used to check the schema's enums against the domain. */
export const DOMAIN_ENUMS: Record<string, readonly string[]> = {
  RegionLevel: REGION_LEVELS,
  HouseholdStatus: HOUSEHOLD_STATUSES,
  HouseholdCategory: HOUSEHOLD_CATEGORIES,
  PovertyCause: POVERTY_CAUSES,
  Relation: RELATIONS,
  Gender: GENDERS,
  SchoolType: SCHOOL_TYPES,
  SchoolOwnership: SCHOOL_OWNERSHIPS,
  Stage: STAGES,
  EnrolmentStatus: ENROLMENT_STATUSES,
  DropoutCaseStatus: DROPOUT_CASE_STATUSES,
  DropoutActionKind: DROPOUT_ACTION_KINDS,
  FacilityCategory: FACILITY_CATEGORIES,
  ProjectStatus: PROJECT_STATUSES,
  Beneficiary: BENEFICIARIES,
  EntitlementStatus: ENTITLEMENT_STATUSES,
  TeacherPostType: TEACHER_POST_TYPES,
  TrainingLevel: TRAINING_LEVELS,
  SkillsTrainingKind: SKILLS_TRAINING_KINDS,
  VocationalEnrolmentStatus: VOCATIONAL_ENROLMENT_STATUSES,
  ModelSchoolLevel: MODEL_SCHOOL_LEVELS,
  EntitlementKind: ENTITLEMENT_KINDS,
};

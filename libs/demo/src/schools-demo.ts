import {
  ageAtAcademicYearStart,
  SCHOOL_TYPE_STAGES,
  type EnrolmentStatus,
  type FacilityCategory,
  type ProjectStatus,
  type Stage,
} from '@epg/domain';
import { demoHouseholds, type DemoHousehold } from './households';
import { SeededRandom } from './random';
import { DEMO_ACADEMIC_YEAR } from './regions';
import { DEMO_SCHOOLS, type DemoSchool } from './schools';
import { stableUuid } from './stable-id';

/** One year of a demo child's school registration. */
export interface DemoEnrolment {
  id: string;
  personId: string;
  schoolId: string;
  regionCode: string;
  academicYear: number;
  stage: Stage;
  grade: number;
  boarding: boolean;
  specialEducation: boolean;
  agricultureMajor: boolean;
  status: EnrolmentStatus;
  enrolledOn: string;
}

/** The stage and grade a child of `age` on 1 September is in (null: too young or too old). */
export function demoStageForAge(age: number, random: SeededRandom): { stage: Stage; grade: number } | null {
  if (age >= 3 && age <= 5) return { stage: 'PRESCHOOL', grade: age - 2 };
  if (age >= 6 && age <= 11) return { stage: 'PRIMARY', grade: age - 5 };
  if (age >= 12 && age <= 14) return { stage: 'JUNIOR', grade: age - 11 };
  if (age === 15) return random.chance(0.5) ? { stage: 'JUNIOR', grade: 3 } : { stage: random.chance(0.7) ? 'SENIOR' : 'SECONDARY_VOCATIONAL', grade: 1 };
  if (age === 16 || age === 17) return { stage: random.chance(0.7) ? 'SENIOR' : 'SECONDARY_VOCATIONAL', grade: age - 14 };
  return null;
}

function schoolsFor(stage: Stage, township: string): DemoSchool[] {
  const fits = (s: DemoSchool) => s.type !== 'SPECIAL_EDUCATION' && s.type !== 'TEACHING_POINT' && SCHOOL_TYPE_STAGES[s.type].includes(stage);
  const local = DEMO_SCHOOLS.filter((s) => fits(s) && s.regionCode.slice(0, 9) === township);
  return local.length ? local : DEMO_SCHOOLS.filter(fits);
}

function isRegistered(household: DemoHousehold): boolean {
  return household.statusHistory[household.statusHistory.length - 1]!.status !== 'REMOVED';
}

/** Shares of each age band that are enrolled (compulsory ages: all but about 1%). */
const ENROLLED_SHARE = { preschool: 0.8, compulsory: 0.99, senior: 0.75 } as const;

/**
 * Enrolments of the demo county's registered children (households not REMOVED) in one academic
 * year: each child aged 3–17 on 1 September goes to a fitting school of their village's township
 * (or of the county when the township has none); about 1% of compulsory-age children are not
 * enrolled — the dropout scan finds them. Children with a disability sometimes attend the
 * special-education school. Deterministic.
 */
export function demoEnrolments(academicYear: number = DEMO_ACADEMIC_YEAR): DemoEnrolment[] {
  const random = new SeededRandom(20_230_901 + academicYear);
  const special = DEMO_SCHOOLS.find((s) => s.type === 'SPECIAL_EDUCATION')!;
  const enrolments: DemoEnrolment[] = [];
  for (const household of demoHouseholds()) {
    if (!isRegistered(household)) continue;
    const township = household.villageCode.slice(0, 9);
    for (const person of household.members) {
      const age = ageAtAcademicYearStart(person.birthDate, academicYear);
      const placed = demoStageForAge(age, random);
      if (!placed) continue;
      const band = age <= 5 ? 'preschool' : age <= 15 ? 'compulsory' : 'senior';
      if (!random.chance(ENROLLED_SHARE[band])) continue;
      const toSpecial = person.hasDisability && placed.stage !== 'PRESCHOOL' && random.chance(0.4);
      const school = toSpecial ? special : random.pick(schoolsFor(placed.stage, township));
      const boardingChance = placed.stage === 'PRIMARY' ? 0.1 : placed.stage === 'PRESCHOOL' ? 0 : 0.45;
      enrolments.push({
        id: stableUuid('enrolment', `${person.id}:${academicYear}`),
        personId: person.id,
        schoolId: school.id,
        regionCode: school.regionCode,
        academicYear,
        stage: placed.stage,
        grade: placed.grade,
        boarding: toSpecial || random.chance(boardingChance),
        specialEducation: toSpecial,
        agricultureMajor: placed.stage === 'SECONDARY_VOCATIONAL' && random.chance(0.3),
        status: 'ENROLLED',
        enrolledOn: `${academicYear}-09-01`,
      });
    }
  }
  return enrolments;
}

export interface DemoFacilityGap {
  id: string;
  schoolId: string;
  regionCode: string;
  category: FacilityCategory;
  description: string;
  estimatedCostFen: number;
  recordedOn: string;
}

export interface DemoProject {
  id: string;
  schoolId: string | null;
  regionCode: string;
  name: string;
  kind: string;
  programme: string;
  status: ProjectStatus;
  budgetFen: number;
  financeFen: number;
  povertyLoanFen: number;
  socialFen: number;
  spentFen: number;
  /** Status changes, oldest first (the last is `status`). */
  history: { status: ProjectStatus; on: string }[];
  closesGapIds: string[];
}

export const PROGRAMME_2017 = '2017年教育扶贫工程 (贷款3亿元)';
export const PROGRAMME_RURAL = '农村薄弱学校改造 (16所)';
/** 3.762亿 yuan, of which 3亿 a poverty-alleviation loan. */
export const PROGRAMME_2017_BUDGET_FEN = 37_620_000_000;
export const PROGRAMME_2017_LOAN_FEN = 30_000_000_000;
/** 836.49万 yuan over 16 rural school projects. */
export const PROGRAMME_RURAL_BUDGET_FEN = 836_490_000;

/** Splits `total` by `weights` into whole amounts that add up exactly. */
export function splitExactly(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const parts = weights.map((w) => Math.floor((total * w) / sum));
  parts[parts.length - 1]! += total - parts.reduce((a, b) => a + b, 0);
  return parts;
}

const school = (name: string) => {
  const found = DEMO_SCHOOLS.find((s) => s.name === name);
  if (!found) throw new Error(`no demo school ${name}`);
  return found;
};

const PROGRAMME_2017_ITEMS: [schoolName: string, project: string, kind: string, weight: number, category: FacilityCategory][] = [
  ['芦溪中学', '芦溪中学新校区教学楼', 'STANDARDISATION', 14, 'TEACHING_ROOMS'],
  ['芦溪中学', '芦溪中学学生宿舍', 'DORMITORY', 8, 'DORMITORY'],
  ['芦溪小学', '芦溪小学扩建', 'STANDARDISATION', 9, 'TEACHING_ROOMS'],
  ['濂溪中学', '濂溪中学综合楼', 'STANDARDISATION', 8, 'TEACHING_ROOMS'],
  ['芦溪县职业中等专业学校', '县职业中专实训基地', 'STANDARDISATION', 10, 'EQUIPMENT'],
  ['宣风镇中学', '宣风镇中学学生食堂', 'CANTEEN', 5, 'CANTEEN'],
  ['上埠镇二中', '上埠镇二中学生宿舍', 'DORMITORY', 6, 'DORMITORY'],
  ['南坑镇中学', '南坑镇中学教师公租房', 'TEACHER_HOUSING', 5, 'DORMITORY'],
  ['银河镇中学', '银河镇中学运动场', 'STANDARDISATION', 4, 'SPORTS_GROUND'],
  ['大安中学', '大安中学学生宿舍', 'DORMITORY', 5, 'DORMITORY'],
  ['宣风中心幼儿园', '宣风中心幼儿园新建', 'KINDERGARTEN', 6, 'TEACHING_ROOMS'],
  ['南坑镇大岭小学附属幼儿园', '大岭小学附属幼儿园改扩建', 'KINDERGARTEN', 4, 'TEACHING_ROOMS'],
  ['芦溪县特殊教育学校', '特殊教育学校康复楼', 'STANDARDISATION', 6, 'TEACHING_ROOMS'],
];

const RURAL_SCHOOLS = [
  '上埠镇九州小学', '南坑镇大岭小学', '芦溪镇林家坊学校', '棚下小学', '新下小学', '花园小学', '源南学校', '长丰学校',
  '张佳坊小学', '张佳坊乡横岭教学点', '宣风镇中心小学', '银河镇中学', '上埠镇二中', '南坑镇中学', '大安中学', '宣风镇中学',
];
const RURAL_CATEGORIES: FacilityCategory[] = ['TOILETS', 'WATER', 'TEACHING_ROOMS', 'CANTEEN', 'BOOKS', 'MULTIMEDIA_CLASSROOMS', 'BROADBAND', 'SPORTS_GROUND'];

/** Dates of a project's status changes up to `status`. */
function historyUpTo(status: ProjectStatus, dates: readonly string[]): { status: ProjectStatus; on: string }[] {
  const order: ProjectStatus[] = ['PLANNED', 'APPROVED', 'UNDER_CONSTRUCTION', 'COMPLETED', 'ACCEPTED'];
  return order.slice(0, order.indexOf(status) + 1).map((s, i) => ({ status: s, on: dates[i]! }));
}

/**
 * The demo county's facility ledger: the gaps the 2017 programme (13 projects, 3.762亿 yuan,
 * 3亿 of it a poverty-alleviation loan) and the 16 rural school projects (836.49万 yuan) close,
 * and a few gaps still outstanding. Deterministic.
 */
export function demoFacilities(): { gaps: DemoFacilityGap[]; projects: DemoProject[] } {
  const random = new SeededRandom(2017);
  const gaps: DemoFacilityGap[] = [];
  const projects: DemoProject[] = [];
  const gap = (s: DemoSchool, category: FacilityCategory, description: string, costFen: number, recordedOn: string) => {
    const g: DemoFacilityGap = {
      id: stableUuid('facility-gap', `${s.code}:${category}:${description}`),
      schoolId: s.id,
      regionCode: s.regionCode,
      category,
      description,
      estimatedCostFen: costFen,
      recordedOn,
    };
    gaps.push(g);
    return g;
  };

  const budgets2017 = splitExactly(PROGRAMME_2017_BUDGET_FEN, PROGRAMME_2017_ITEMS.map((i) => i[3]));
  const loans2017 = splitExactly(PROGRAMME_2017_LOAN_FEN, budgets2017);
  PROGRAMME_2017_ITEMS.forEach(([schoolName, name, kind, , category], i) => {
    const s = school(schoolName);
    const closes = gap(s, category, `${name}: 校舍/设施不达标`, Math.min(budgets2017[i]!, 2_000_000_000), '2016-11-15');
    const status: ProjectStatus = i < 10 ? 'ACCEPTED' : i < 12 ? 'COMPLETED' : 'UNDER_CONSTRUCTION';
    const history = historyUpTo(status, ['2017-01-10', '2017-03-20', '2017-06-01', '2018-08-30', '2018-12-20']);
    const budget = budgets2017[i]!;
    projects.push({
      id: stableUuid('project', `2017:${name}`),
      schoolId: s.id,
      regionCode: s.regionCode,
      name,
      kind,
      programme: PROGRAMME_2017,
      status,
      budgetFen: budget,
      financeFen: budget - loans2017[i]!,
      povertyLoanFen: loans2017[i]!,
      socialFen: 0,
      spentFen: status === 'UNDER_CONSTRUCTION' ? Math.round(budget * 0.6) : budget,
      history,
      closesGapIds: [closes.id],
    });
  });

  const budgetsRural = splitExactly(PROGRAMME_RURAL_BUDGET_FEN, RURAL_SCHOOLS.map(() => random.int(30, 90)));
  RURAL_SCHOOLS.forEach((schoolName, i) => {
    const s = school(schoolName);
    const category = RURAL_CATEGORIES[i % RURAL_CATEGORIES.length]!;
    const closes = gap(s, category, `${schoolName}${category === 'TOILETS' ? '旱厕改造' : '办学条件改善'}`, budgetsRural[i]!, '2017-09-10');
    const status: ProjectStatus = i < 13 ? 'ACCEPTED' : i < 15 ? 'COMPLETED' : 'UNDER_CONSTRUCTION';
    const budget = budgetsRural[i]!;
    const social = i % 4 === 0 ? Math.round(budget * 0.1) : 0;
    projects.push({
      id: stableUuid('project', `rural:${schoolName}`),
      schoolId: s.id,
      regionCode: s.regionCode,
      name: `${schoolName}薄弱学校改造`,
      kind: 'COMPREHENSIVE_IMPROVEMENT',
      programme: PROGRAMME_RURAL,
      status,
      budgetFen: budget,
      financeFen: budget - social,
      povertyLoanFen: 0,
      socialFen: social,
      spentFen: status === 'UNDER_CONSTRUCTION' ? Math.round(budget / 2) : budget,
      history: historyUpTo(status, ['2018-02-01', '2018-03-15', '2018-05-02', '2018-11-20', '2019-01-15']),
      closesGapIds: [closes.id],
    });
  });

  // Gaps still outstanding (no project yet).
  gap(school('张佳坊乡横岭教学点'), 'BROADBAND', '教学点未接入宽带, 无法使用省级资源平台', 4_500_000, '2023-03-01');
  gap(school('源南学校'), 'DORMITORY', '寄宿生宿舍床位不足 60 张', 180_000_000, '2023-03-01');
  gap(school('长丰学校'), 'HEATING', '冬季教室取暖设施缺乏', 35_000_000, '2023-03-01');
  gap(school('棚下小学'), 'MULTIMEDIA_CLASSROOMS', '6 个教室未配备班班通设备', 24_000_000, '2023-03-01');
  gap(school('上埠镇九州小学'), 'BOOKS', '生均图书不足 15 册', 6_000_000, '2023-03-01');

  return { gaps, projects };
}

export interface DemoDigitalCoverage {
  schoolId: string;
  broadband: boolean;
  classrooms: number;
  multimediaClassrooms: number;
  linkedToProvincialPlatform: boolean;
}

/** Digital coverage of every demo school (the 横岭 teaching point is not yet connected). */
export function demoDigitalCoverage(): DemoDigitalCoverage[] {
  const random = new SeededRandom(3_600_323);
  return DEMO_SCHOOLS.map((s) => {
    const classrooms = s.type === 'TEACHING_POINT' ? 2 : s.type === 'KINDERGARTEN' ? random.int(4, 9) : random.int(8, 36);
    const unconnected = s.name === '张佳坊乡横岭教学点';
    const shortOfMultimedia = s.name === '棚下小学' ? 6 : 0;
    return {
      schoolId: s.id,
      broadband: !unconnected,
      classrooms,
      multimediaClassrooms: unconnected ? 0 : classrooms - shortOfMultimedia,
      linkedToProvincialPlatform: s.type === 'TEACHING_POINT' && !unconnected,
    };
  });
}

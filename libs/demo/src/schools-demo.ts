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
  /** The day the record stopped being ENROLLED (graduation, dropout); null while it is. */
  endedOn: string | null;
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
 * The general placement of the demo county's registered children (households not REMOVED) in one
 * academic year, drawn for that year alone: each child aged 3–17 on 1 September goes to a fitting
 * school of their village's township (or of the county when the township has none); about 1% of
 * compulsory-age children are not enrolled — the dropout scan finds them. Children with a
 * disability sometimes attend the special-education school. Deterministic.
 *
 * Not the demo's 学籍 on its own: `demoEnrolments` (school-ledger.ts) puts the vocational
 * students' records, kept over the years of their programme, in place of these draws.
 */
export function demoGeneralEnrolments(academicYear: number = DEMO_ACADEMIC_YEAR): DemoEnrolment[] {
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
        endedOn: null,
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
export const PROGRAMME_VILLAGE = '2017年村级小学建设 (3所)';
/** Seed 004: 2017年我县教育扶贫工程预计投资3.762亿(其中教育扶贫贷款3亿元)元. */
export const PROGRAMME_2017_BUDGET_FEN = 37_620_000_000;
export const PROGRAMME_2017_LOAN_FEN = 30_000_000_000;
/** Seed 004: 整合涉农扶贫资金836.49万元 … 16所农村中小学、幼儿园建设 (8,364,900 yuan). */
export const PROGRAMME_RURAL_BUDGET_FEN = 836_490_000;
export const PROGRAMME_RURAL_SCHOOL_COUNT = 16;
/** Seed 004: 源南乡新下小学、源南乡花园小学、银河镇棚下小学 … 预计投资600万元, 预计10月份动工. */
export const PROGRAMME_VILLAGE_BUDGET_FEN = 600_000_000;

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

/**
 * Seed 004's 13 projects of the 2017 programme (已基本办完前期手续, 年内动工), by their names in
 * the report. The seed gives the programme's total only: the weights splitting it are the demo's.
 * 新泉乡综合楼建设 names no school: it is the township's project (school null).
 */
const PROGRAMME_2017_ITEMS: [schoolName: string | null, project: string, kind: string, weight: number, category: FacilityCategory][] = [
  ['濂溪中学', '濂溪中学新建工程', 'STANDARDISATION', 16, 'TEACHING_ROOMS'],
  ['芦溪小学', '芦溪小学整体搬迁工程', 'STANDARDISATION', 14, 'TEACHING_ROOMS'],
  ['南坑镇中学', '南坑镇中学综合楼建设', 'STANDARDISATION', 6, 'TEACHING_ROOMS'],
  ['长丰学校', '长丰学校改造工程', 'COMPREHENSIVE_IMPROVEMENT', 5, 'TEACHING_ROOMS'],
  ['上埠镇二中', '上埠镇二中整体重建工程', 'STANDARDISATION', 12, 'TEACHING_ROOMS'],
  [null, '新泉乡综合楼建设', 'STANDARDISATION', 5, 'TEACHING_ROOMS'],
  ['源南学校', '源南学校综合楼建设', 'STANDARDISATION', 5, 'TEACHING_ROOMS'],
  ['宣风镇中学', '宣风镇中学教学楼建设', 'STANDARDISATION', 7, 'TEACHING_ROOMS'],
  ['银河镇中学', '银河镇中学运动场扩建', 'STANDARDISATION', 3, 'SPORTS_GROUND'],
  ['银河镇二中', '银河镇二中教学楼拆除重建', 'STANDARDISATION', 7, 'TEACHING_ROOMS'],
  ['大安中学', '大安中学学生宿舍重建', 'DORMITORY', 4, 'DORMITORY'],
  ['芦溪中学', '芦溪中学改造', 'COMPREHENSIVE_IMPROVEMENT', 10, 'TEACHING_ROOMS'],
  ['宣风中心幼儿园', '宣风中心幼儿园', 'KINDERGARTEN', 6, 'TEACHING_ROOMS'],
];
const XINQUAN_TOWNSHIP = '360323200';

/**
 * The 16 schools of the 836.49万 programme. Seed 004 names eight (宣风镇中学 已启动建设; 吐霞小学,
 * 宣风镇中心学校, 上埠镇九州小学, 上埠镇中学, 石灰仑小学, 山口岩小学附属幼儿园 已完工; 南坑镇大岭小学附属幼儿园);
 * the other eight are the demo's choice of rural schools.
 */
const RURAL_ITEMS: [schoolName: string, reportStatus: 'STARTED' | 'COMPLETED' | 'NAMED' | 'UNNAMED', category: FacilityCategory][] = [
  ['宣风镇中学', 'STARTED', 'TEACHING_ROOMS'],
  ['上埠镇九州小学', 'COMPLETED', 'TOILETS'],
  ['南坑镇大岭小学附属幼儿园', 'NAMED', 'TEACHING_ROOMS'],
  ['宣风镇吐霞小学', 'COMPLETED', 'TEACHING_ROOMS'],
  ['宣风镇中心学校', 'COMPLETED', 'CANTEEN'],
  ['上埠镇中学', 'COMPLETED', 'DORMITORY'],
  ['南坑镇石灰仑小学', 'COMPLETED', 'TOILETS'],
  ['上埠镇山口岩小学附属幼儿园', 'COMPLETED', 'TEACHING_ROOMS'],
  ['南坑镇大岭小学', 'UNNAMED', 'WATER'],
  ['张佳坊小学', 'UNNAMED', 'TOILETS'],
  ['张佳坊乡横岭教学点', 'UNNAMED', 'TEACHING_ROOMS'],
  ['宣风镇中心小学', 'UNNAMED', 'BOOKS'],
  ['芦溪镇林家坊学校', 'UNNAMED', 'MULTIMEDIA_CLASSROOMS'],
  ['新下小学', 'UNNAMED', 'WATER'],
  ['大安中学', 'UNNAMED', 'CANTEEN'],
  ['棚下小学', 'UNNAMED', 'SPORTS_GROUND'],
];

/** Seed 004's three village schools (3个村级小学), 600万 yuan, to start in October 2017. */
const VILLAGE_ITEMS: [schoolName: string, project: string][] = [
  ['新下小学', '源南乡新下小学建设'],
  ['源南乡花园小学', '源南乡花园小学建设'],
  ['棚下小学', '银河镇棚下小学建设'],
];

/** Dates of a project's status changes up to `status`. */
function historyUpTo(status: ProjectStatus, dates: readonly string[]): { status: ProjectStatus; on: string }[] {
  const order: ProjectStatus[] = ['PLANNED', 'APPROVED', 'UNDER_CONSTRUCTION', 'COMPLETED', 'ACCEPTED'];
  return order.slice(0, order.indexOf(status) + 1).map((s, i) => ({ status: s, on: dates[i]! }));
}

/**
 * The demo county's facility ledger, true to seed 004 (mid-2017): the 13 projects of the 2017
 * programme (3.762亿 yuan, 3亿 of it a poverty-alleviation loan; approved, starting within 2017),
 * the 16 rural school projects (836.49万 yuan; those the report calls completed were completed
 * by its date, 宣风镇中学 under construction), the three village schools (600万, from October
 * 2017), the gap each project closes (estimated at its budget) and a few gaps still outstanding.
 * What happened after the report is the demo's. Deterministic.
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
    const s = schoolName === null ? null : school(schoolName);
    const budget = budgets2017[i]!;
    const closes = s ? [gap(s, category, `${name}: 校舍/设施不达标`, budget, '2016-11-15').id] : [];
    // Approved before the report (前期手续基本办完), started within 2017; the rest is the demo's.
    const status: ProjectStatus = i < 9 ? 'ACCEPTED' : i < 12 ? 'COMPLETED' : 'UNDER_CONSTRUCTION';
    const history = historyUpTo(status, ['2017-01-10', '2017-05-20', `2017-${String(9 + (i % 4)).padStart(2, '0')}-15`, '2019-08-30', '2019-12-20']);
    projects.push({
      id: stableUuid('project', `2017:${name}`),
      schoolId: s?.id ?? null,
      regionCode: s?.regionCode ?? XINQUAN_TOWNSHIP,
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
      closesGapIds: closes,
    });
  });

  const budgetsRural = splitExactly(PROGRAMME_RURAL_BUDGET_FEN, RURAL_ITEMS.map(() => random.int(30, 90)));
  RURAL_ITEMS.forEach(([schoolName, reportStatus, category], i) => {
    const s = school(schoolName);
    const budget = budgetsRural[i]!;
    const closes = gap(s, category, `${schoolName}${category === 'TOILETS' ? '旱厕改造' : '办学条件改善'}`, budget, '2016-03-10');
    // As the report has them by mid-2017: completed ones done by May 2017, 宣风镇中学 started.
    const { status, dates } = ruralProgress(reportStatus, i);
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
      history: historyUpTo(status, dates),
      closesGapIds: [closes.id],
    });
  });

  const budgetsVillage = splitExactly(PROGRAMME_VILLAGE_BUDGET_FEN, [1, 1, 1]);
  VILLAGE_ITEMS.forEach(([schoolName, name], i) => {
    const s = school(schoolName);
    const budget = budgetsVillage[i]!;
    const closes = gap(s, 'TEACHING_ROOMS', `${name}: 村级小学校舍不足`, budget, '2017-03-01');
    const status: ProjectStatus = 'ACCEPTED';
    projects.push({
      id: stableUuid('project', `village:${schoolName}`),
      schoolId: s.id,
      regionCode: s.regionCode,
      name,
      kind: 'STANDARDISATION',
      programme: PROGRAMME_VILLAGE,
      status,
      budgetFen: budget,
      financeFen: budget,
      povertyLoanFen: 0,
      socialFen: 0,
      spentFen: budget,
      history: historyUpTo(status, ['2017-04-01', '2017-07-01', '2017-10-16', '2018-08-20', '2018-10-30']),
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

/** A rural project's status and dates: the report's state by mid-2017, then the demo's. */
function ruralProgress(reportStatus: 'STARTED' | 'COMPLETED' | 'NAMED' | 'UNNAMED', i: number): { status: ProjectStatus; dates: string[] } {
  switch (reportStatus) {
    case 'COMPLETED':
      return { status: 'ACCEPTED', dates: ['2016-03-15', '2016-05-10', '2016-07-01', `2017-0${3 + (i % 3)}-20`, '2017-09-15'] };
    case 'STARTED':
      return { status: 'COMPLETED', dates: ['2016-03-15', '2016-05-10', '2017-04-18', '2018-08-25'] };
    case 'NAMED':
      return { status: 'ACCEPTED', dates: ['2016-03-15', '2016-05-10', '2016-09-01', '2017-08-30', '2017-12-15'] };
    default:
      return i % 8 === 7
        ? { status: 'UNDER_CONSTRUCTION', dates: ['2016-03-15', '2016-05-10', '2017-09-01'] }
        : { status: 'ACCEPTED', dates: ['2016-03-15', '2016-05-10', '2016-10-01', '2017-10-30', '2018-01-15'] };
  }
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

import { makeIdNumber, type Gender, type SchoolType, type TeacherPostType, type TrainingLevel } from '@epg/domain';
import { SeededRandom } from './random';
import { DEMO_SCHOOLS, type DemoSchool } from './schools';
import { stableUuid } from './stable-id';

/**
 * 芦溪县's teachers (demo): staff for every demo school, including the 83 special-post (特岗)
 * and 49 directed-training (定向培养) teachers recruited in 2017 (seed 004) — 37 of the 49
 * directed at remote schools (hardship tier ≥ 2) — training records over the 2016–2020 cycle, the rural living
 * allowance rates by hardship tier, exchanges, support teaching, pairings, mentors and housing.
 * Deterministic: the same data on every machine, no dependence on today's date.
 */

export interface DemoAllowanceRate {
  id: string;
  regionPrefix: string;
  hardshipTier: number;
  fromMonth: string;
  toMonth: string | null;
  monthlyFen: number;
}

/** 乡村教师生活补助, 芦溪县: at least 500 yuan a month from January 2016, more for harder places. */
export const DEMO_ALLOWANCE_RATES: readonly DemoAllowanceRate[] = (
  [
    [1, 50_000],
    [2, 70_000],
    [3, 100_000],
  ] as const
).map(([tier, fen]) => ({
  id: stableUuid('allowance-rate', `360323:${tier}:2016-01`),
  regionPrefix: '360323',
  hardshipTier: tier,
  fromMonth: '2016-01',
  toMonth: null,
  monthlyFen: fen,
}));

export interface DemoTeacherSchool {
  school: DemoSchool;
  rural: boolean;
  /** 0 = town, 1 = township seat, 2 = remote township, 3 = teaching point / hardest. */
  hardshipTier: number;
}

/** The county seat (芦溪镇, 360323100) is town; 镇 are tier 1, 乡 tier 2, 张佳坊乡 tier 3. */
function placeOf(school: DemoSchool): DemoTeacherSchool {
  const township = school.regionCode.slice(0, 9);
  if (township === '360323100') return { school, rural: false, hardshipTier: 0 };
  if (township === '360323203') return { school, rural: true, hardshipTier: 3 };
  if (township.startsWith('3603232')) return { school, rural: true, hardshipTier: 2 };
  return { school, rural: true, hardshipTier: 1 };
}

export const DEMO_TEACHER_SCHOOLS: readonly DemoTeacherSchool[] = DEMO_SCHOOLS.map(placeOf);

const STAFF_BY_TYPE: Record<SchoolType, number> = {
  KINDERGARTEN: 15,
  PRIMARY: 25,
  JUNIOR_SECONDARY: 35,
  NINE_YEAR: 40,
  COMPLETE_SECONDARY: 40,
  SENIOR_SECONDARY: 40,
  SECONDARY_VOCATIONAL: 30,
  SPECIAL_EDUCATION: 15,
  TEACHING_POINT: 3,
};

export interface DemoPosting {
  schoolId: string;
  regionCode: string;
  rural: boolean;
  hardshipTier: number;
  fromDate: string;
  toDate: string | null;
}

export interface DemoTeacher {
  id: string;
  name: string;
  idNumber: string;
  gender: Gender;
  birthDate: string;
  postType: TeacherPostType;
  title: string;
  subjects: string[];
  startedOn: string;
  /** Oldest first; the last one is current. */
  postings: DemoPosting[];
}

export interface DemoTraining {
  id: string;
  teacherId: string;
  level: TrainingLevel;
  title: string;
  hours: number;
  completedOn: string;
  regionCode: string;
}

export interface DemoRotation {
  id: string;
  teacherId: string;
  kind: 'ROTATION' | 'SUPPORT_TEACHING';
  manager: boolean;
  fromSchoolId: string;
  fromRegionCode: string;
  fromRural: boolean;
  toSchoolId: string;
  toRegionCode: string;
  toRural: boolean;
  startDate: string;
  endDate: string | null;
}

export interface DemoQuota {
  id: string;
  regionCode: string;
  year: number;
  managers: number;
  teachers: number;
}

export interface DemoPairing {
  id: string;
  strongSchoolId: string;
  strongRegionCode: string;
  supportedSchoolId: string;
  regionCode: string;
  startedOn: string;
  endedOn: string | null;
  activities: { id: string; heldOn: string; title: string }[];
}

export interface DemoMentorPair {
  id: string;
  mentorId: string;
  menteeId: string;
  regionCode: string;
  startedOn: string;
}

export interface DemoHousingUnit {
  id: string;
  schoolId: string;
  regionCode: string;
  label: string;
  /** The day it was built (all by the end of 2016, the seeds' due date). */
  builtOn: string;
  allocations: { id: string; teacherId: string; fromDate: string; toDate: string | null }[];
}

export interface DemoTeachersData {
  allowanceRates: readonly DemoAllowanceRate[];
  teachers: DemoTeacher[];
  trainings: DemoTraining[];
  rotations: DemoRotation[];
  quotas: DemoQuota[];
  pairings: DemoPairing[];
  mentorPairs: DemoMentorPair[];
  housingUnits: DemoHousingUnit[];
}

const SURNAMES = ['李', '王', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '胡', '朱', '高', '林', '何', '郭', '罗', '彭', '钟', '邓', '易', '肖'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀英', '霞', '平', '刚', '桂英', '文', '华', '红', '建国', '晓燕', '志强', '海燕', '春梅'];
const SUBJECTS_PRIMARY = ['语文', '数学', '英语', '科学', '音乐', '体育', '美术', '道德与法治'];
const SUBJECTS_SECONDARY = ['语文', '数学', '英语', '物理', '化学', '生物', '历史', '地理', '政治', '体育', '信息技术'];
const SUBJECTS_PRESCHOOL = ['学前教育'];
const SUBJECTS_VOCATIONAL = ['机电技术', '电子商务', '计算机应用', '汽车运用与维修', '语文', '数学'];
const SUBJECTS_SPECIAL = ['特殊教育', '康复训练', '生活适应'];
const BIRTH_REGIONS = ['360323', '360302', '360313', '360321', '360322'];

const TRAINING_TITLES: Record<TrainingLevel, readonly string[]> = {
  NATIONAL: ['国培计划—乡村教师访名校研修', '国培计划—乡村校园长培训', '国培计划—送教下乡培训'],
  PROVINCIAL: ['省培计划—骨干教师研修', '省培计划—特岗教师岗前培训', '省培计划—学科带头人培训'],
  CITY: ['萍乡市班主任能力提升培训', '萍乡市信息技术应用能力提升工程'],
  COUNTY: ['芦溪县新教师岗前培训', '芦溪县教学能手培训', '芦溪县教研员专题培训'],
  SCHOOL: ['校本研修—集体备课', '校本研修—课堂教学观摩'],
};
const TRAINING_HOURS: Record<TrainingLevel, readonly [number, number]> = {
  NATIONAL: [60, 120],
  PROVINCIAL: [40, 80],
  CITY: [24, 40],
  COUNTY: [12, 30],
  SCHOOL: [6, 24],
};

function subjectsFor(type: SchoolType): readonly string[] {
  switch (type) {
    case 'KINDERGARTEN':
      return SUBJECTS_PRESCHOOL;
    case 'PRIMARY':
    case 'TEACHING_POINT':
      return SUBJECTS_PRIMARY;
    case 'SECONDARY_VOCATIONAL':
      return SUBJECTS_VOCATIONAL;
    case 'SPECIAL_EDUCATION':
      return SUBJECTS_SPECIAL;
    default:
      return SUBJECTS_SECONDARY;
  }
}

function dayBefore(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

function titleFor(startedOn: string, rnd: SeededRandom): string {
  const years = 2020 - Number(startedOn.slice(0, 4));
  if (years < 3) return '三级教师';
  if (years < 8) return '二级教师';
  if (years < 18) return rnd.chance(0.8) ? '一级教师' : '二级教师';
  return rnd.chance(0.4) ? '高级教师' : '一级教师';
}

/**
 * Seed 000's rental-housing plan (教师公租房 372 套, 2016年底前), the demo county's target:
 * its units are built by then at the rural schools (seed 004 gives no unit count of its own).
 */
export const DEMO_HOUSING_TARGET = { regionCode: '360323', units: 372, dueOn: '2016-12-31' } as const;

/** Splits a whole number by weights into whole parts that add up exactly (largest remainders). */
function splitWhole(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const parts = exact.map(Math.floor);
  const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  const missing = total - parts.reduce((a, b) => a + b, 0);
  for (let k = 0; k < missing; k++) parts[order[k]![1]]! += 1;
  return parts;
}

function latest(a: string, b: string): string {
  return a > b ? a : b;
}

/** Special-post and directed recruits of 2017, per kind. */
export const DEMO_2017_SPECIAL_POST = 83;
export const DEMO_2017_DIRECTED = 49;
/** Seed 004: of the 49 directed teachers, 37 went to remote rural schools (hardship tier ≥ 2). */
export const DEMO_2017_REMOTE = 37;
/**
 * Seed 004 sends the 2017 recruits to remote rural schools first (优先满足边远农村学校需要) but
 * gives no split for the 特岗: the demo places 47 of the 83 there, the rest at tier-1 schools.
 */
export const DEMO_2017_SPECIAL_POST_REMOTE = 47;

let cached: DemoTeachersData | undefined;

/** The demo teachers' data (built once, deterministic). */
export function demoTeachersData(): DemoTeachersData {
  return (cached ??= build());
}

function build(): DemoTeachersData {
  const rnd = new SeededRandom(20_170_901);
  const usedIdNumbers = new Set<string>();
  const nextSeq = new Map<string, number>();
  const makeId = (birthDate: string, gender: Gender): string => {
    for (;;) {
      const region = rnd.pick(BIRTH_REGIONS);
      const key = `${region}${birthDate}`;
      let seq = nextSeq.get(key) ?? rnd.int(10, 200);
      if ((seq % 2 === 1) !== (gender === 'MALE')) seq += 1;
      nextSeq.set(key, seq + 1);
      if (seq > 999) continue;
      const id = makeIdNumber(region, birthDate, seq);
      if (!usedIdNumbers.has(id)) {
        usedIdNumbers.add(id);
        return id;
      }
    }
  };

  // Slots: every position of every school; the 2017 recruits fill rural ones first.
  const slots = DEMO_TEACHER_SCHOOLS.flatMap((place) =>
    Array.from({ length: STAFF_BY_TYPE[place.school.type] }, (_, i) => ({ place, index: i })),
  );
  const recruitOf = new Map<(typeof slots)[number], TeacherPostType>();
  const remote = slots.filter((s) => s.place.hardshipTier >= 2);
  const tierOne = slots.filter((s) => s.place.hardshipTier === 1);
  const spread = <T extends { place: DemoTeacherSchool; index: number }>(list: T[], count: number): T[] => {
    // Round-robin over schools so that every rural school gets some recruits.
    const bySchool = new Map<string, T[]>();
    for (const s of list) bySchool.set(s.place.school.id, [...(bySchool.get(s.place.school.id) ?? []), s]);
    const out: T[] = [];
    for (let round = 0; out.length < count; round++) {
      for (const group of bySchool.values()) {
        if (out.length < count && group[round]) out.push(group[round]!);
      }
    }
    return out;
  };
  const remoteRecruits = spread(remote, DEMO_2017_REMOTE + DEMO_2017_SPECIAL_POST_REMOTE);
  const tierOneRecruits = spread(tierOne, DEMO_2017_SPECIAL_POST - DEMO_2017_SPECIAL_POST_REMOTE + DEMO_2017_DIRECTED - DEMO_2017_REMOTE);
  // 37 directed and 47 special-post teachers at remote schools; 36 and 12 at tier-1 schools.
  remoteRecruits.forEach((s, i) => recruitOf.set(s, i % 2 === 0 && i < 2 * DEMO_2017_REMOTE ? 'DIRECTED' : 'SPECIAL_POST'));
  tierOneRecruits.forEach((s, i) => recruitOf.set(s, i < DEMO_2017_SPECIAL_POST - DEMO_2017_SPECIAL_POST_REMOTE ? 'SPECIAL_POST' : 'DIRECTED'));

  const teachers: DemoTeacher[] = [];
  const placeOfTeacher = new Map<string, DemoTeacherSchool>();
  for (const slot of slots) {
    const { place } = slot;
    const recruit = recruitOf.get(slot);
    const gender: Gender = rnd.chance(0.62) ? 'FEMALE' : 'MALE';
    let postType: TeacherPostType;
    let startedOn: string;
    let age: number;
    if (recruit) {
      postType = recruit;
      startedOn = rnd.dateBetween('2017-08-25', '2017-09-05');
      age = recruit === 'DIRECTED' ? rnd.int(19, 21) : rnd.int(22, 26);
    } else {
      postType = rnd.weighted<TeacherPostType>([
        ['REGULAR', 88],
        ['SPECIAL_POST', place.rural ? 6 : 0],
        ['SUBSTITUTE', 4],
        ['SUPPORT', place.rural ? 3 : 0],
      ]);
      const startYear = postType === 'SPECIAL_POST' ? rnd.pick([2013, 2014, 2015, 2016, 2018, 2019]) : rnd.int(1988, 2019);
      startedOn = `${startYear}-09-01`;
      age = rnd.int(21, 24);
    }
    const birthYear = Number(startedOn.slice(0, 4)) - age;
    const birthDate = rnd.dateBetween(`${birthYear - 1}-09-02`, `${birthYear}-09-01`);
    const id = stableUuid('teacher', `${place.school.code}-${slot.index}`);
    const current: DemoPosting = {
      schoolId: place.school.id,
      regionCode: place.school.regionCode,
      rural: place.rural,
      hardshipTier: place.hardshipTier,
      fromDate: startedOn,
      toDate: null,
    };
    const postings: DemoPosting[] = [current];
    // Some long-serving regular teachers came from another school (dated posting history).
    if (postType === 'REGULAR' && startedOn < '2012-01-01' && rnd.chance(0.1)) {
      const earlier = rnd.pick(DEMO_TEACHER_SCHOOLS.filter((p) => p.school.id !== place.school.id));
      const movedOn = `${rnd.int(2012, 2019)}-09-01`;
      postings.unshift({
        schoolId: earlier.school.id,
        regionCode: earlier.school.regionCode,
        rural: earlier.rural,
        hardshipTier: earlier.hardshipTier,
        fromDate: startedOn,
        toDate: dayBefore(movedOn),
      });
      current.fromDate = movedOn;
    }
    const subjectPool = subjectsFor(place.school.type);
    const subjects = [rnd.pick(subjectPool)];
    if (rnd.chance(0.25)) {
      const second = rnd.pick(subjectPool);
      if (second !== subjects[0]) subjects.push(second);
    }
    teachers.push({
      id,
      name: rnd.pick(SURNAMES) + rnd.pick(GIVEN),
      idNumber: makeId(birthDate, gender),
      gender,
      birthDate,
      postType,
      title: titleFor(startedOn, rnd),
      subjects,
      startedOn,
      postings,
    });
    placeOfTeacher.set(id, place);
  }

  // Training records over the 2016–2020 cycle. A teacher counts as trained with 360 hours in the
  // cycle (CYCLE_REQUIRED_HOURS, the national 每五年不少于360学时): most in service all five years
  // reach it through yearly school-based study (校本研修) and a few county to national courses;
  // the 2017 recruits and some others fall short — the coverage dashboards have both to show.
  const trainings: DemoTraining[] = [];
  for (const teacher of teachers) {
    const from = teacher.startedOn > '2016-01-01' ? teacher.startedOn : '2016-01-01';
    let n = 0;
    const record = (level: TrainingLevel, completedOn: string, hours: number) => {
      const posting = teacher.postings.find((p) => p.fromDate <= completedOn && (p.toDate === null || p.toDate >= completedOn));
      trainings.push({
        id: stableUuid('training', `${teacher.id}:${n++}`),
        teacherId: teacher.id,
        level,
        title: rnd.pick(TRAINING_TITLES[level]),
        hours,
        completedOn,
        regionCode: (posting ?? teacher.postings[teacher.postings.length - 1]!).regionCode,
      });
    };
    for (let year = Number(from.slice(0, 4)); year <= 2020; year++) {
      const start = `${year}-01-01` > from ? `${year}-01-01` : from;
      if (rnd.chance(0.85)) record('SCHOOL', rnd.dateBetween(start, `${year}-12-31`), rnd.int(56, 80));
    }
    const courses = rnd.weighted<number>([
      [0, 5],
      [1, 25],
      [2, 40],
      [3, 30],
    ]);
    for (let i = 0; i < courses; i++) {
      const level = rnd.weighted<TrainingLevel>([
        ['COUNTY', 45],
        ['CITY', 15],
        ['PROVINCIAL', 25],
        ['NATIONAL', 15],
      ]);
      const [minH, maxH] = TRAINING_HOURS[level];
      record(level, rnd.dateBetween(from, '2020-12-31'), rnd.int(minH, maxH));
    }
  }

  // Exchanges: town teachers rotate to rural schools; support teaching from the county seat.
  const townTeachers = teachers.filter((t) => !placeOfTeacher.get(t.id)!.rural && t.postType === 'REGULAR' && t.startedOn < '2014-01-01');
  const ruralPlaces = DEMO_TEACHER_SCHOOLS.filter((p) => p.rural);
  const rotations: DemoRotation[] = [];
  townTeachers.slice(0, 30).forEach((t, i) => {
    const from = placeOfTeacher.get(t.id)!;
    const to = ruralPlaces[i % ruralPlaces.length]!;
    const year = 2018 + (i % 3);
    const kind = i % 3 === 0 ? 'SUPPORT_TEACHING' : 'ROTATION';
    const startDate = `${year}-09-01`;
    // Most stay a full year (senior-title condition); some only a term.
    const endDate = i % 4 === 3 ? `${year + 1}-01-20` : `${year + 1}-08-31`;
    rotations.push({
      id: stableUuid('rotation', `${t.id}:${startDate}`),
      teacherId: t.id,
      kind,
      manager: kind === 'SUPPORT_TEACHING' && i % 2 === 0,
      fromSchoolId: from.school.id,
      fromRegionCode: from.school.regionCode,
      fromRural: false,
      toSchoolId: to.school.id,
      toRegionCode: to.school.regionCode,
      toRural: true,
      startDate,
      endDate,
    });
  });
  const quotas: DemoQuota[] = [2018, 2019, 2020].map((year) => ({
    id: stableUuid('support-quota', `360323:${year}`),
    regionCode: '360323',
    year,
    managers: 5,
    teachers: 10,
  }));

  // School pairings (结对帮扶): county-seat schools with remote schools.
  const pairs: [string, string][] = [
    ['3636032301', '3636032317'], // 芦溪中学 → 大安中学
    ['3636032302', '3636032320'], // 芦溪小学 → 张佳坊小学
    ['3636032303', '3636032318'], // 濂溪中学 → 源南学校
  ];
  const byCode = new Map(DEMO_TEACHER_SCHOOLS.map((p) => [p.school.code, p]));
  const pairings: DemoPairing[] = pairs.map(([strongCode, supportedCode], i) => {
    const strong = byCode.get(strongCode)!;
    const supported = byCode.get(supportedCode)!;
    const id = stableUuid('pairing', `${strongCode}:${supportedCode}`);
    const activities: DemoPairing['activities'] = [];
    // Terms 2018-AUTUMN to 2020-AUTUMN; the third pairing misses the minimum in spring 2020.
    const terms: [string, string][] = [
      ['2018-09-10', '2019-01-10'],
      ['2019-03-01', '2019-07-01'],
      ['2019-09-10', '2020-01-10'],
      ['2020-03-01', '2020-07-01'],
      ['2020-09-10', '2020-12-31'],
    ];
    terms.forEach(([from, to], t) => {
      const n = i === 2 && t === 3 ? 1 : 2 + (t % 2);
      for (let k = 0; k < n; k++) {
        activities.push({
          id: stableUuid('exchange-activity', `${id}:${t}:${k}`),
          heldOn: rnd.dateBetween(from, to),
          title: rnd.pick(['送课下乡', '同课异构', '联合教研', '听课评课', '专题讲座']),
        });
      }
    });
    activities.sort((a, b) => a.heldOn.localeCompare(b.heldOn));
    return {
      id,
      strongSchoolId: strong.school.id,
      strongRegionCode: strong.school.regionCode,
      supportedSchoolId: supported.school.id,
      regionCode: supported.school.regionCode,
      startedOn: '2018-09-01',
      endedOn: null,
      activities,
    };
  });

  // Mentor pairs: each 2017 recruit with a senior colleague of the same school.
  const mentorPairs: DemoMentorPair[] = [];
  const bySchool = new Map<string, DemoTeacher[]>();
  for (const t of teachers) {
    const sid = placeOfTeacher.get(t.id)!.school.id;
    bySchool.set(sid, [...(bySchool.get(sid) ?? []), t]);
  }
  for (const staff of bySchool.values()) {
    const seniors = staff.filter((t) => t.startedOn < '2008-01-01' && t.postType === 'REGULAR');
    const recruits = staff.filter((t) => t.startedOn.startsWith('2017') && (t.postType === 'SPECIAL_POST' || t.postType === 'DIRECTED'));
    recruits.forEach((mentee, i) => {
      const mentor = seniors[i % Math.max(seniors.length, 1)];
      if (!mentor) return;
      mentorPairs.push({
        id: stableUuid('mentor-pair', `${mentor.id}:${mentee.id}`),
        mentorId: mentor.id,
        menteeId: mentee.id,
        regionCode: placeOfTeacher.get(mentee.id)!.school.regionCode,
        startedOn: '2017-09-10',
      });
    });
  }

  // Rental housing (教师公租房): seed 000's 372 units, built 2015–2016 at the rural schools in
  // proportion to their staff, let to the newest teachers first; long-serving tenants moved out
  // in summer 2019, so some units stand vacant.
  const housingUnits: DemoHousingUnit[] = [];
  const ruralStaff = ruralPlaces.map((place) => bySchool.get(place.school.id) ?? []);
  const unitsPerSchool = splitWhole(DEMO_HOUSING_TARGET.units, ruralStaff.map((staff) => staff.length));
  ruralPlaces.forEach((place, s) => {
    const tenants = [...ruralStaff[s]!].sort((a, b) => b.startedOn.localeCompare(a.startedOn) || a.id.localeCompare(b.id));
    for (let u = 0; u < unitsPerSchool[s]!; u++) {
      const unitId = stableUuid('housing-unit', `${place.school.code}:${u + 1}`);
      const builtOn = rnd.dateBetween('2015-10-01', '2016-12-31');
      // About three units in four are let; the rest wait for the next recruits.
      const tenant = rnd.chance(0.75) ? tenants.shift() : undefined;
      // Let from the tenant's first day at this school (their current posting), once the unit stands.
      const fromDate = tenant ? latest(tenant.postings[tenant.postings.length - 1]!.fromDate, rnd.dateBetween(builtOn, '2017-02-28')) : '';
      const movedOut = tenant !== undefined && tenant.startedOn < '2012-01-01' && fromDate < '2019-08-31';
      housingUnits.push({
        id: unitId,
        schoolId: place.school.id,
        regionCode: place.school.regionCode,
        label: `周转宿舍 ${u + 1} 号`,
        builtOn,
        allocations: tenant
          ? [{ id: stableUuid('housing-allocation', `${unitId}:${tenant.id}`), teacherId: tenant.id, fromDate, toDate: movedOut ? '2019-08-31' : null }]
          : [],
      });
    }
  });

  return { allowanceRates: DEMO_ALLOWANCE_RATES, teachers, trainings, rotations, quotas, pairings, mentorPairs, housingUnits };
}

/** For tests: the teachers of a year's recruitment of one post type. */
export function demoRecruits(data: DemoTeachersData, postType: TeacherPostType, year: number): DemoTeacher[] {
  return data.teachers.filter((t) => t.postType === postType && t.startedOn.startsWith(String(year)));
}

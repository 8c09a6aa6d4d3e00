import {
  ageAtAcademicYearStart,
  makeIdNumber,
  type Gender,
  type HouseholdCategory,
  type HouseholdStatus,
  type PovertyCause,
  type Relation,
  type Stage,
} from '@epg/domain';
import { SeededRandom, stableUuid } from '@epg/demo';
import type { CopyValue } from '@epg/persistence';
import type { County, School } from './geography';

type Row = CopyValue[];

export const HOUSEHOLD_COLUMNS = [
  'id', 'registration_number', 'village_code', 'category', 'poverty_causes', 'annual_income_per_capita_fen', 'income_sources',
  'identified_on', 'status', 'status_on', 'last_exited_on', 'monitoring_class', 'risk_flags', 'helper_name', 'helper_unit',
] as const;
export const STATUS_CHANGE_COLUMNS = ['household_id', 'status', 'on_date', 'reason', 'recorded_by'] as const;
export const PERSON_COLUMNS = ['id', 'household_id', 'name', 'id_number', 'gender', 'birth_date', 'relation_to_head', 'has_disability', 'village_code', 'live'] as const;
export const ENROLMENT_COLUMNS = [
  'id', 'person_id', 'school_id', 'region_code', 'academic_year', 'stage', 'grade', 'boarding', 'special_education', 'agriculture_major', 'status', 'enrolled_on',
] as const;
export const VOCATIONAL_ENROLMENT_COLUMNS = ['id', 'person_id', 'region_code', 'program_id', 'start_year', 'status'] as const;
export const SKILLS_TRAINING_COLUMNS = ['id', 'person_id', 'region_code', 'kind', 'hours', 'completed_on', 'certificate', 'employed_after'] as const;

/** The rows of one county, table by table (one county at a time keeps memory flat). */
export interface CountyPeople {
  households: Row[];
  statusChanges: Row[];
  people: Row[];
  enrolments: Row[];
  vocationalEnrolments: Row[];
  skillsTrainings: Row[];
}

const SURNAMES = ['刘', '李', '王', '张', '陈', '黄', '彭', '罗', '周', '胡', '吴', '钟', '邹', '谢', '曾', '肖', '易', '文', '贺', '廖', '欧阳', '袁', '汤', '晏', '向', '田', '覃', '谭'];
const MALE = ['伟', '强', '军', '平', '华', '明', '建国', '志强', '文斌', '家豪', '子轩', '浩然', '宇航', '俊杰', '国庆', '春生', '冬生', '海涛', '小龙', '思远'];
const FEMALE = ['芳', '丽', '娟', '秀英', '桂兰', '红梅', '玉珍', '小燕', '雨欣', '梓涵', '欣怡', '思琪', '佳怡', '晓梅', '春花', '秋菊', '美玲', '婷', '慧', '静'];
const UNITS = ['县教育局', '县财政局', '县人社局', '县农业农村局', '县卫健委', '县住建局', '县供电公司', '乡镇政府'];
const CAUSES: readonly (readonly [PovertyCause, number])[] = [
  ['ILLNESS', 30], ['DISABILITY', 14], ['EDUCATION', 12], ['LACK_OF_SKILLS', 12], ['LACK_OF_LABOUR', 10],
  ['LACK_OF_CAPITAL', 8], ['DISASTER', 4], ['LACK_OF_LAND', 3], ['TRANSPORT', 3], ['LACK_OF_WATER', 1], ['OWN_EFFORT', 2], ['OTHER', 1],
];
const CATEGORIES: readonly (readonly [HouseholdCategory, number])[] = [
  ['POVERTY_REGISTERED', 70], ['POVERTY_LOW_INCOME', 18], ['LOW_INCOME_ONLY', 6], ['FIVE_GUARANTEES', 6],
];
/** Children per household: about 2.8, so that ~2.55 per household are enrolled (766,000 for 300,000). */
const CHILDREN: readonly (readonly [number, number])[] = [[1, 8], [2, 28], [3, 38], [4, 26]];
const SKILLS = ['NEW_PROFESSIONAL_FARMER', 'MIGRANT_TRANSFER', 'PRACTICAL_TECHNIQUE', 'ENTREPRENEURSHIP', 'RAIN_DEW'] as const;

/** Schools a child of a township can attend, by stage. */
export interface SchoolIndex {
  byTownship: Map<string, { primary: School[]; teachingPoints: School[]; junior: School[]; preschool: School[] }>;
  senior: Map<string, School[]>;
  special: Map<string, School>;
  vocational: School[];
  /** Programme ids of each secondary vocational school. */
  programmes: Map<string, { id: string; agricultural: boolean }[]>;
}

export function indexSchools(schools: readonly School[], programmes: SchoolIndex['programmes']): SchoolIndex {
  const index: SchoolIndex = { byTownship: new Map(), senior: new Map(), special: new Map(), vocational: [], programmes };
  for (const s of schools) {
    if (s.type === 'SENIOR_SECONDARY') index.senior.set(s.county, [...(index.senior.get(s.county) ?? []), s]);
    else if (s.type === 'SPECIAL_EDUCATION') index.special.set(s.county, s);
    else if (s.type === 'SECONDARY_VOCATIONAL') index.vocational.push(s);
    else {
      const t = index.byTownship.get(s.township!) ?? { primary: [], teachingPoints: [], junior: [], preschool: [] };
      if (s.type === 'PRIMARY') t.primary.push(s);
      else if (s.type === 'TEACHING_POINT') t.teachingPoints.push(s);
      else if (s.type === 'JUNIOR_SECONDARY') t.junior.push(s);
      else if (s.type === 'KINDERGARTEN') t.preschool.push(s);
      index.byTownship.set(s.township!, t);
    }
  }
  return index;
}

function stageForAge(age: number, random: SeededRandom): { stage: Stage; grade: number } | null {
  if (age >= 3 && age <= 5) return { stage: 'PRESCHOOL', grade: age - 2 };
  if (age >= 6 && age <= 11) return { stage: 'PRIMARY', grade: age - 5 };
  if (age >= 12 && age <= 14) return { stage: 'JUNIOR', grade: age - 11 };
  if (age === 15) return random.chance(0.5) ? { stage: 'JUNIOR', grade: 3 } : { stage: random.chance(0.7) ? 'SENIOR' : 'SECONDARY_VOCATIONAL', grade: 1 };
  if (age === 16 || age === 17) return { stage: random.chance(0.7) ? 'SENIOR' : 'SECONDARY_VOCATIONAL', grade: age - 14 };
  return null;
}

function statusHistory(random: SeededRandom, identifiedOn: string): { status: HouseholdStatus; on: string; reason: string }[] {
  const history: { status: HouseholdStatus; on: string; reason: string }[] = [{ status: 'IDENTIFIED', on: identifiedOn, reason: '精准识别建档立卡' }];
  const path = random.weighted([['EXITED', 60], ['IDENTIFIED', 33], ['RELAPSED', 4], ['REMOVED', 3]] as const);
  if (path === 'REMOVED') history.push({ status: 'REMOVED', on: random.dateBetween('2016-09-01', '2018-12-31'), reason: '动态调整清退: 识别不准' });
  if (path === 'EXITED' || path === 'RELAPSED') history.push({ status: 'EXITED', on: random.dateBetween('2016-09-01', '2018-12-20'), reason: '达到脱贫标准' });
  if (path === 'RELAPSED') history.push({ status: 'RELAPSED', on: random.dateBetween('2019-01-05', '2019-08-20'), reason: '因病返贫' });
  return history;
}

/**
 * Generates one county's households (spread evenly over its villages), members with valid,
 * unique ID numbers, their enrolments in `academicYear`, vocational enrolments of the secondary
 * vocational students and some adults' skills trainings. Deterministic per county.
 */
export function countyPeople(county: County, countyIndex: number, households: number, academicYear: number, schools: SchoolIndex): CountyPeople {
  const random = new SeededRandom(420_100 + countyIndex);
  const out: CountyPeople = { households: [], statusChanges: [], people: [], enrolments: [], vocationalEnrolments: [], skillsTrainings: [] };
  const usedIds = new Set<string>();
  const villages = county.townships.flatMap((t) => t.villages);
  const yearStart = `${academicYear}-09-01`;
  const newPerson = (key: string, index: number, surname: string, gender: Gender, birth: string, relation: Relation, householdId: string, village: string, live: boolean) => {
    let sequence = random.int(0, 499) * 2 + (gender === 'MALE' ? 1 : 0);
    let idNumber = makeIdNumber(county.code, birth, sequence);
    while (usedIds.has(idNumber)) {
      sequence = (sequence + 2) % 1000;
      idNumber = makeIdNumber(county.code, birth, sequence);
    }
    usedIds.add(idNumber);
    const id = stableUuid('person', `${key}:${index}`);
    const disabled = random.chance(relation === 'CHILD' ? 0.02 : 0.07);
    out.people.push([id, householdId, surname + random.pick(gender === 'MALE' ? MALE : FEMALE), idNumber, gender, birth, relation, disabled, village, live]);
    return { id, disabled };
  };

  for (let h = 0; h < households; h++) {
    const village = villages[h % villages.length]!;
    const township = village.code.slice(0, 9);
    const registrationNumber = `${village.code}${String(Math.floor(h / villages.length) + 1).padStart(3, '0')}`;
    const householdId = stableUuid('household', registrationNumber);
    const identifiedOn = random.dateBetween('2014-04-01', '2016-06-30');
    const history = statusHistory(random, identifiedOn);
    const last = history[history.length - 1]!;
    const live = last.status !== 'REMOVED';
    const exits = history.filter((s) => s.status === 'EXITED');
    const causes = new Set<PovertyCause>([random.weighted(CAUSES)]);
    if (random.chance(0.4)) causes.add(random.weighted(CAUSES));
    const income = random.int(2300, 9000) * 100;
    out.households.push([
      householdId, registrationNumber, village.code, random.weighted(CATEGORIES), [...causes], income,
      [{ source: '务工收入', annualFen: income * 2 }], identifiedOn, last.status, last.on, exits.length ? exits[exits.length - 1]!.on : null,
      last.status === 'EXITED' ? (random.chance(0.25) ? 'POLICY_GUARANTEED' : 'CONSOLIDATING') : null,
      last.status === 'RELAPSED' ? ['因病返贫风险'] : [], random.pick(SURNAMES) + random.pick(MALE), county.name + random.pick(UNITS),
    ]);
    for (const s of history) out.statusChanges.push([householdId, s.status, s.on, s.reason, 'province-seed']);

    const surname = random.pick(SURNAMES);
    const headGender: Gender = random.chance(0.85) ? 'MALE' : 'FEMALE';
    let index = 0;
    const head = newPerson(registrationNumber, index++, surname, headGender, random.dateBetween('1962-01-01', '1990-12-31'), 'HEAD', householdId, village.code, live);
    if (random.chance(0.8)) {
      newPerson(registrationNumber, index++, random.pick(SURNAMES), headGender === 'MALE' ? 'FEMALE' : 'MALE', random.dateBetween('1964-01-01', '1992-12-31'), 'SPOUSE', householdId, village.code, live);
    }
    const children = random.weighted(CHILDREN);
    for (let c = 0; c < children; c++) {
      const band = random.weighted([['school', 96], ['young', 2], ['older', 2]] as const);
      const birth =
        band === 'school'
          ? random.dateBetween(`${academicYear - 18}-09-01`, `${academicYear - 3}-08-31`)
          : band === 'young'
            ? random.dateBetween(`${academicYear - 3}-09-01`, `${academicYear}-08-31`)
            : random.dateBetween(`${academicYear - 21}-09-01`, `${academicYear - 18}-08-31`);
      const child = newPerson(registrationNumber, index++, surname, random.chance(0.52) ? 'MALE' : 'FEMALE', birth, 'CHILD', householdId, village.code, live);
      if (!live) continue;
      const placed = stageForAge(ageAtAcademicYearStart(birth, academicYear), random);
      if (!placed || !random.chance(placed.stage === 'PRESCHOOL' ? 0.9 : 0.99)) continue;
      const local = schools.byTownship.get(township)!;
      const special = child.disabled && placed.stage !== 'PRESCHOOL' && random.chance(0.4);
      let school: School;
      if (special) school = schools.special.get(county.code)!;
      else if (placed.stage === 'PRESCHOOL') school = random.pick(local.preschool);
      else if (placed.stage === 'PRIMARY') school = placed.grade <= 3 && local.teachingPoints.length && random.chance(0.15) ? random.pick(local.teachingPoints) : random.pick(local.primary);
      else if (placed.stage === 'JUNIOR') school = random.pick(local.junior);
      else if (placed.stage === 'SENIOR') school = random.pick(schools.senior.get(county.code)!);
      else school = schools.vocational[countyIndex % schools.vocational.length]!;
      const enrolmentId = stableUuid('enrolment', `${child.id}:${academicYear}`);
      const agriculture = placed.stage === 'SECONDARY_VOCATIONAL' && random.chance(0.3);
      const boardingChance = placed.stage === 'PRIMARY' ? 0.1 : placed.stage === 'PRESCHOOL' ? 0 : 0.45;
      out.enrolments.push([
        enrolmentId, child.id, school.id, school.regionCode, academicYear, placed.stage, placed.grade,
        special || random.chance(boardingChance), special, agriculture, 'ENROLLED', yearStart,
      ]);
      if (placed.stage === 'SECONDARY_VOCATIONAL' && !special) {
        const programmes = schools.programmes.get(school.id)!;
        const programme = programmes.find((p) => p.agricultural === agriculture) ?? programmes[0]!;
        out.vocationalEnrolments.push([stableUuid('vocational-enrolment', `${child.id}:${academicYear}`), child.id, village.code, programme.id, academicYear - placed.grade + 1, 'ENROLLED']);
      }
    }
    if (random.chance(0.25)) newPerson(registrationNumber, index++, surname, random.chance(0.5) ? 'MALE' : 'FEMALE', random.dateBetween('1935-01-01', '1958-12-31'), 'PARENT', householdId, village.code, live);
    if (live && random.chance(0.2)) {
      const completed = random.dateBetween('2016-03-01', `${academicYear}-08-31`);
      out.skillsTrainings.push([stableUuid('skills-training', registrationNumber), head.id, village.code, random.pick(SKILLS), random.int(16, 240), completed, random.chance(0.6) ? `证书${registrationNumber}` : null, random.chance(0.5)]);
    }
  }
  return out;
}

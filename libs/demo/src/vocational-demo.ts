import {
  academicYearOf,
  ageAtAcademicYearStart,
  ageOn,
  type SkillsTrainingKind,
  type VocationalEnrolmentStatus,
} from '@epg/domain';
import { demoHouseholds, type DemoHousehold } from './households';
import { SeededRandom } from './random';
import { DEMO_ACADEMIC_YEAR } from './regions';
import { DEMO_SCHOOLS } from './schools';
import { demoGeneralEnrolments, type DemoEnrolment } from './schools-demo';
import { stableUuid } from './stable-id';

export interface DemoVocationalProgram {
  id: string;
  schoolId: string;
  regionCode: string;
  major: string;
  agricultural: boolean;
  durationYears: number;
}

export interface DemoVocationalEnrolment {
  id: string;
  personId: string;
  /** The person's village. */
  regionCode: string;
  programId: string;
  /** The schools 学籍 the programme was assigned on: the start year's, at the programme's school. */
  schoolEnrolmentId: string;
  startYear: number;
  status: VocationalEnrolmentStatus;
  nonContinuingGraduate: boolean;
  endedOn: string | null;
  endAcademicYear: number | null;
  withdrawalReason: string | null;
  employed: boolean | null;
  employer: string | null;
  employedSince: string | null;
}

export interface DemoSkillsTraining {
  id: string;
  personId: string;
  regionCode: string;
  kind: SkillsTrainingKind;
  hours: number;
  completedOn: string;
  certificate: string | null;
  employedAfter: boolean | null;
}

/** A 两后生 flag: a young person who finished junior/senior school and did not continue. */
export interface DemoNonContinuingGraduate {
  personId: string;
  regionCode: string;
  year: number;
}

export interface DemoVocationalData {
  programs: DemoVocationalProgram[];
  enrolments: DemoVocationalEnrolment[];
  trainings: DemoSkillsTraining[];
  nonContinuingGraduates: DemoNonContinuingGraduate[];
  /**
   * The schools 学籍 the enrolments stand on (the schools service owns them, issue 21): one
   * SECONDARY_VOCATIONAL record per academic year of study at the programme's school, the last
   * one GRADUATED or DROPPED_OUT on the day the programme ended. The schools seeder writes them
   * (see `demoEnrolments`).
   */
  schoolRecords: DemoEnrolment[];
}

/** 芦溪县职业中等专业学校, the county's secondary vocational school. */
export const DEMO_VOCATIONAL_SCHOOL = DEMO_SCHOOLS.find((s) => s.type === 'SECONDARY_VOCATIONAL')!;

const PROGRAM_ROWS: readonly [major: string, agricultural: boolean, durationYears: number][] = [
  ['现代农艺技术', true, 3],
  ['畜禽生产技术', true, 3],
  ['果蔬花卉生产技术', true, 3],
  ['电子商务', false, 3],
  ['汽车运用与维修', false, 3],
  ['电子技术应用', false, 3],
];

/** The vocational school's programmes (涉农 and not), with stable ids. */
export function demoVocationalPrograms(): DemoVocationalProgram[] {
  return PROGRAM_ROWS.map(([major, agricultural, durationYears]) => ({
    id: stableUuid('vocational-program', `${DEMO_VOCATIONAL_SCHOOL.code}:${major}`),
    schoolId: DEMO_VOCATIONAL_SCHOOL.id,
    regionCode: DEMO_VOCATIONAL_SCHOOL.regionCode,
    major,
    agricultural,
    durationYears,
  }));
}

const EMPLOYERS = ['萍乡电瓷厂', '芦溪县农业合作社', '萍乡汽车维修中心', '南昌电子商务产业园', '广东东莞电子厂', '芦溪县家庭农场', '浙江义乌物流公司'];
const CERTIFICATES: Record<SkillsTrainingKind, readonly string[]> = {
  NEW_PROFESSIONAL_FARMER: ['新型职业农民证书(初级)', '新型职业农民证书(中级)'],
  MIGRANT_TRANSFER: ['电工证', '焊工证', '中式烹调师', '育婴员'],
  PRACTICAL_TECHNIQUE: ['油茶种植技术', '果树修剪技术', '生猪养殖技术', '食用菌栽培'],
  ENTREPRENEURSHIP: ['SYB创业培训合格证'],
  RAIN_DEW: ['雨露计划培训结业证'],
};
const HOURS: Record<SkillsTrainingKind, readonly [number, number]> = {
  NEW_PROFESSIONAL_FARMER: [60, 120],
  MIGRANT_TRANSFER: [40, 90],
  PRACTICAL_TECHNIQUE: [16, 48],
  ENTREPRENEURSHIP: [56, 80],
  RAIN_DEW: [80, 160],
};

function isRegistered(household: DemoHousehold): boolean {
  return household.statusHistory[household.statusHistory.length - 1]!.status !== 'REMOVED';
}

function employmentOutcome(random: SeededRandom, graduatedOn: string) {
  const employed = random.chance(0.92);
  return {
    employed,
    employer: employed ? random.pick(EMPLOYERS) : null,
    employedSince: employed ? `${graduatedOn.slice(0, 4)}-07-${String(random.int(1, 31)).padStart(2, '0')}` : null,
  };
}

/** Why the demo's vocational students withdrew; the schools ledger records it on the dropout (辍学). */
export const DEMO_WITHDRAWAL_REASON = '外出务工';

/**
 * The 学籍 of a programme, one per academic year from `startYear` to `lastYear` (grade 1 on), at
 * the programme's school, as the schools ledger keeps them: earlier years stay ENROLLED, the last
 * one ends as the programme did (GRADUATED, or DROPPED_OUT for a withdrawal) on its end date.
 */
function programmeRecords(
  personId: string,
  program: DemoVocationalProgram,
  years: { startYear: number; lastYear: number },
  ending: { status: 'GRADUATED' | 'DROPPED_OUT'; on: string } | null,
  boarding: boolean,
): DemoEnrolment[] {
  const records: DemoEnrolment[] = [];
  for (let academicYear = years.startYear; academicYear <= years.lastYear; academicYear++) {
    const last = academicYear === years.lastYear;
    records.push({
      id: stableUuid('enrolment', `${personId}:${academicYear}`),
      personId,
      schoolId: program.schoolId,
      regionCode: program.regionCode,
      academicYear,
      stage: 'SECONDARY_VOCATIONAL',
      grade: academicYear - years.startYear + 1,
      boarding,
      specialEducation: false,
      agricultureMajor: program.agricultural,
      status: last && ending ? ending.status : 'ENROLLED',
      enrolledOn: `${academicYear}-09-01`,
      endedOn: last && ending ? ending.on : null,
    });
  }
  return records;
}

let cached: DemoVocationalData | undefined;

/**
 * The vocational demo of 芦溪县, centred on the 2023 academic year (deterministic):
 * - the young people the schools demo places at the SECONDARY_VOCATIONAL stage in 2023
 *   (ages 15–17) are ENROLLED here, in year `grade`, in an agricultural programme when the
 *   schools demo says so; a few withdrew;
 * - about a quarter of those aged 18–19 on 1 September 2023 studied here and graduated in June
 *   2024 or 2023, most of them with a recorded job;
 * - young people aged 15–17 the schools demo does not enrol are sometimes flagged 两后生;
 * - about 30% of adults aged 18–60 took a skills training between 2017 and 2023;
 * - every enrolment stands on the schools 学籍 of its years at the programme's school
 *   (`schoolRecords`, linked by `schoolEnrolmentId`), ending as the enrolment ended.
 * The schools 学籍 are drawn apart (`ledgerRandom`), so the vocational facts stay as they were.
 */
export function demoVocationalData(): DemoVocationalData {
  if (cached) return cached;
  const year = DEMO_ACADEMIC_YEAR;
  const random = new SeededRandom(20_231_007);
  const ledgerRandom = new SeededRandom(20_231_008);
  const programs = demoVocationalPrograms();
  const agricultural = programs.filter((p) => p.agricultural);
  const other = programs.filter((p) => !p.agricultural);
  const schoolEnrolments = new Map(demoGeneralEnrolments(year).map((e) => [e.personId, e]));
  const enrolments: DemoVocationalEnrolment[] = [];
  const trainings: DemoSkillsTraining[] = [];
  const nonContinuingGraduates: DemoNonContinuingGraduate[] = [];
  const schoolRecords: DemoEnrolment[] = [];

  for (const household of demoHouseholds()) {
    if (!isRegistered(household)) continue;
    for (const person of household.members) {
      const age = ageAtAcademicYearStart(person.birthDate, year);
      const school = schoolEnrolments.get(person.id);
      const base = { personId: person.id, regionCode: household.villageCode };
      if (school?.stage === 'SECONDARY_VOCATIONAL') {
        const withdrawn = random.chance(0.05);
        const withdrawnOn = `${year + 1}-0${random.int(1, 5)}-15`;
        const startYear = year - school.grade + 1;
        const program = random.pick(school.agricultureMajor ? agricultural : other);
        const records = programmeRecords(person.id, program, { startYear, lastYear: year }, withdrawn ? { status: 'DROPPED_OUT', on: withdrawnOn } : null, school.boarding);
        schoolRecords.push(...records);
        enrolments.push({
          ...base,
          id: stableUuid('vocational-enrolment', `${person.id}:${startYear}`),
          programId: program.id,
          schoolEnrolmentId: records[0]!.id,
          startYear,
          status: withdrawn ? 'WITHDRAWN' : 'ENROLLED',
          nonContinuingGraduate: random.chance(0.6),
          endedOn: withdrawn ? withdrawnOn : null,
          endAcademicYear: withdrawn ? academicYearOf(withdrawnOn) : null,
          withdrawalReason: withdrawn ? DEMO_WITHDRAWAL_REASON : null,
          employed: null,
          employer: null,
          employedSince: null,
        });
      } else if ((age === 18 || age === 19) && random.chance(0.25)) {
        const startYear = year - age + 16;
        const program = random.pick(random.chance(0.35) ? agricultural : other);
        const graduatedOn = `${startYear + program.durationYears}-06-28`;
        const lastYear = startYear + program.durationYears - 1;
        const records = programmeRecords(person.id, program, { startYear, lastYear }, { status: 'GRADUATED', on: graduatedOn }, ledgerRandom.chance(0.45));
        schoolRecords.push(...records);
        enrolments.push({
          ...base,
          id: stableUuid('vocational-enrolment', `${person.id}:${startYear}`),
          programId: program.id,
          schoolEnrolmentId: records[0]!.id,
          startYear,
          status: 'GRADUATED',
          nonContinuingGraduate: random.chance(0.6),
          endedOn: graduatedOn,
          endAcademicYear: academicYearOf(graduatedOn),
          withdrawalReason: null,
          ...employmentOutcome(random, graduatedOn),
        });
      } else if (age >= 15 && age <= 17 && !school && random.chance(0.5)) {
        nonContinuingGraduates.push({ ...base, year });
      }

      if (age >= 18 && age <= 60 && random.chance(0.3)) {
        const completedOn = random.dateBetween('2017-03-01', `${year}-08-31`);
        let kind = random.weighted<SkillsTrainingKind>([
          ['NEW_PROFESSIONAL_FARMER', 20],
          ['MIGRANT_TRANSFER', 35],
          ['PRACTICAL_TECHNIQUE', 30],
          ['ENTREPRENEURSHIP', 5],
          ['RAIN_DEW', 10],
        ]);
        if (kind === 'NEW_PROFESSIONAL_FARMER' && ageOn(person.birthDate, completedOn) > 50) kind = 'PRACTICAL_TECHNIQUE';
        if (ageOn(person.birthDate, completedOn) < 18) continue;
        const [minHours, maxHours] = HOURS[kind];
        trainings.push({
          ...base,
          id: stableUuid('skills-training', `${person.id}:${completedOn}`),
          kind,
          hours: random.int(minHours, maxHours),
          completedOn,
          certificate: random.chance(0.6) ? random.pick(CERTIFICATES[kind]) : null,
          employedAfter: kind === 'MIGRANT_TRANSFER' ? random.chance(0.75) : kind === 'PRACTICAL_TECHNIQUE' ? null : random.chance(0.4),
        });
      }
    }
  }
  cached = { programs, enrolments, trainings, nonContinuingGraduates, schoolRecords };
  return cached;
}

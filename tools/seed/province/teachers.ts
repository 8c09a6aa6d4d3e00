import { makeIdNumber, type Gender, type SchoolType, type TrainingLevel } from '@epg/domain';
import { SeededRandom, stableUuid } from '@epg/demo';
import type { CopyValue } from '@epg/persistence';
import type { County, School } from './geography';

export const TEACHER_COLUMNS = [
  'id', 'name', 'id_number', 'gender', 'birth_date', 'school_id', 'region_code', 'post_type', 'rural', 'hardship_tier', 'title', 'subjects', 'started_on',
] as const;
export const TRAINING_COLUMNS = ['teacher_id', 'level', 'title', 'hours', 'completed_on', 'region_code'] as const;

const SIZE: Record<SchoolType, number> = {
  KINDERGARTEN: 8, PRIMARY: 22, TEACHING_POINT: 3, JUNIOR_SECONDARY: 48, NINE_YEAR: 40, COMPLETE_SECONDARY: 120,
  SENIOR_SECONDARY: 130, SECONDARY_VOCATIONAL: 90, SPECIAL_EDUCATION: 25,
};
const SURNAMES = ['刘', '李', '王', '张', '陈', '黄', '彭', '罗', '周', '胡', '吴', '向', '田', '覃', '谭', '杨', '邓', '郑'];
const GIVEN = ['伟', '芳', '敏', '静', '丽', '强', '磊', '洋', '艳', '勇', '军', '杰', '娟', '涛', '明', '超', '秀兰', '霞', '平', '刚'];
const SUBJECTS = ['语文', '数学', '英语', '物理', '化学', '生物', '历史', '地理', '政治', '音乐', '体育', '美术', '信息技术'];
const TITLES = ['三级教师', '二级教师', '一级教师', '高级教师'];
const LEVELS: readonly (readonly [TrainingLevel, number])[] = [['NATIONAL', 10], ['PROVINCIAL', 20], ['CITY', 20], ['COUNTY', 30], ['SCHOOL', 20]];
const COURSES = ['国培计划乡村教师访名校', '信息技术应用能力提升', '新任教师岗前培训', '学科教学能力提升', '班主任工作培训', '送教下乡'];

/** Teachers per school: `total` split by school size (largest remainders first, deterministic). */
export function teachersPerSchool(schools: readonly School[], total: number): Map<string, number> {
  const weight = schools.reduce((sum, s) => sum + SIZE[s.type], 0);
  const exact = schools.map((s) => (SIZE[s.type] * total) / weight);
  const counts = exact.map(Math.floor);
  let left = total - counts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left-- <= 0) break;
    counts[i]! += 1;
  }
  return new Map(schools.map((s, i) => [s.id, counts[i]!]));
}

/**
 * One county's teachers (valid, unique ID numbers, rural postings with hardship tiers) and their
 * training records over five years (`fromYear` … `fromYear + 4`): about one a year each.
 */
export function countyTeachers(county: County, countyIndex: number, schools: readonly School[], perSchool: Map<string, number>, fromYear: number) {
  const random = new SeededRandom(420_200 + countyIndex);
  const teachers: CopyValue[][] = [];
  const trainings: CopyValue[][] = [];
  const used = new Set<string>();
  for (const school of schools) {
    const n = perSchool.get(school.id) ?? 0;
    const rural = school.regionCode.length > 6 && !school.regionCode.endsWith('100');
    for (let i = 0; i < n; i++) {
      const gender: Gender = random.chance(0.6) ? 'FEMALE' : 'MALE';
      const birth = random.dateBetween('1960-01-01', '1996-12-31');
      let sequence = random.int(0, 499) * 2 + (gender === 'MALE' ? 1 : 0);
      let idNumber = makeIdNumber(county.code, birth, sequence);
      while (used.has(idNumber)) {
        sequence = (sequence + 2) % 1000;
        idNumber = makeIdNumber(county.code, birth, sequence);
      }
      used.add(idNumber);
      const id = stableUuid('teacher', `${school.code}:${i}`);
      const postType = random.weighted([['REGULAR', 80], ['SPECIAL_POST', 12], ['DIRECTED', 4], ['SUPPORT', 2], ['SUBSTITUTE', 2]] as const);
      const subjects = [random.pick(SUBJECTS), ...(random.chance(0.3) ? [random.pick(SUBJECTS)] : [])];
      teachers.push([
        id, random.pick(SURNAMES) + random.pick(GIVEN), idNumber, gender, birth, school.id, school.regionCode, postType, rural,
        rural ? random.int(1, 3) : 0, random.pick(TITLES), [...new Set(subjects)], random.dateBetween('1982-09-01', '2018-09-01'),
      ]);
      for (let year = fromYear; year < fromYear + 5; year++) {
        const count = random.weighted([[0, 30], [1, 45], [2, 20], [3, 5]] as const);
        for (let t = 0; t < count; t++) {
          trainings.push([id, random.weighted(LEVELS), random.pick(COURSES), random.int(8, 120), random.dateBetween(`${year}-01-01`, `${year}-12-31`), school.regionCode]);
        }
      }
    }
  }
  return { teachers, trainings };
}

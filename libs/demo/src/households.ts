import {
  makeIdNumber,
  type Gender,
  type HouseholdCategory,
  type HouseholdStatus,
  type PovertyCause,
  type Relation,
} from '@epg/domain';
import { SeededRandom } from './random';
import { DEMO_VILLAGES } from './regions';
import { stableUuid } from './stable-id';

export interface DemoPerson {
  id: string;
  name: string;
  idNumber: string;
  gender: Gender;
  birthDate: string;
  relationToHead: Relation;
  hasDisability: boolean;
}

export interface DemoStatusChange {
  status: HouseholdStatus;
  on: string;
  reason: string;
}

export interface DemoHousehold {
  id: string;
  registrationNumber: string;
  villageCode: string;
  category: HouseholdCategory;
  povertyCauses: PovertyCause[];
  annualIncomePerCapitaFen: number;
  incomeSources: { source: string; annualFen: number }[];
  identifiedOn: string;
  /** Oldest first; the first entry is IDENTIFIED on `identifiedOn`. */
  statusHistory: DemoStatusChange[];
  monitoringClass: 'POLICY_GUARANTEED' | 'CONSOLIDATING' | null;
  helper: { name: string; unit: string };
  members: DemoPerson[];
}

const SURNAMES = ['刘', '李', '王', '张', '陈', '黄', '彭', '罗', '周', '胡', '吴', '钟', '邹', '谢', '曾', '肖', '易', '文', '贺', '廖', '欧阳', '袁', '汤', '晏'];
const MALE_GIVEN = ['伟', '强', '军', '平', '华', '明', '建国', '志强', '文斌', '家豪', '子轩', '浩然', '宇航', '俊杰', '国庆', '春生', '冬生', '海涛', '小龙', '思远'];
const FEMALE_GIVEN = ['芳', '丽', '娟', '秀英', '桂兰', '红梅', '玉珍', '小燕', '雨欣', '梓涵', '欣怡', '思琪', '佳怡', '晓梅', '春花', '秋菊', '美玲', '婷', '慧', '静'];
const UNITS = ['芦溪县教育局', '芦溪县财政局', '芦溪县人社局', '芦溪县农业农村局', '芦溪县卫健委', '芦溪县住建局', '萍乡学院', '县供电公司'];
const INCOME_SOURCES = ['务工收入', '种植收入', '养殖收入', '政策性收入', '财产性收入'];

const CAUSES: readonly (readonly [PovertyCause, number])[] = [
  ['ILLNESS', 30], ['DISABILITY', 14], ['EDUCATION', 12], ['LACK_OF_SKILLS', 12], ['LACK_OF_LABOUR', 10],
  ['LACK_OF_CAPITAL', 8], ['DISASTER', 4], ['LACK_OF_LAND', 3], ['TRANSPORT', 3], ['LACK_OF_WATER', 1],
  ['OWN_EFFORT', 2], ['OTHER', 1],
];

const CATEGORIES: readonly (readonly [HouseholdCategory, number])[] = [
  ['POVERTY_REGISTERED', 70], ['POVERTY_LOW_INCOME', 18], ['LOW_INCOME_ONLY', 6], ['FIVE_GUARANTEES', 6],
];

export const DEMO_HOUSEHOLD_COUNT = 2000;

class PersonFactory {
  private readonly usedIdNumbers = new Set<string>();
  constructor(private readonly random: SeededRandom) {}

  person(householdKey: string, index: number, surname: string, gender: Gender, birthDate: string, relationToHead: Relation): DemoPerson {
    const given = this.random.pick(gender === 'MALE' ? MALE_GIVEN : FEMALE_GIVEN);
    let sequence = this.random.int(0, 498) * 2 + (gender === 'MALE' ? 1 : 0);
    let idNumber = makeIdNumber('360323', birthDate, sequence);
    while (this.usedIdNumbers.has(idNumber)) {
      sequence = (sequence + 2) % 1000;
      idNumber = makeIdNumber('360323', birthDate, sequence);
    }
    this.usedIdNumbers.add(idNumber);
    return {
      id: stableUuid('person', `${householdKey}:${index}`),
      name: surname + given,
      idNumber,
      gender,
      birthDate,
      relationToHead,
      hasDisability: this.random.chance(relationToHead === 'CHILD' ? 0.02 : 0.07),
    };
  }
}

function statusHistory(random: SeededRandom, identifiedOn: string): { history: DemoStatusChange[]; monitoringClass: DemoHousehold['monitoringClass'] } {
  const history: DemoStatusChange[] = [{ status: 'IDENTIFIED', on: identifiedOn, reason: '精准识别建档立卡' }];
  const path = random.weighted([
    ['EXITED', 80],
    ['RELAPSED', 5],
    ['RELAPSED_EXITED', 3],
    ['IDENTIFIED', 9],
    ['REMOVED', 3],
  ] as const);
  if (path === 'REMOVED') {
    history.push({ status: 'REMOVED', on: random.dateBetween('2016-03-01', '2017-12-31'), reason: '动态调整清退: 识别不准' });
    return { history, monitoringClass: null };
  }
  if (path === 'IDENTIFIED') return { history, monitoringClass: null };
  history.push({ status: 'EXITED', on: random.dateBetween('2017-06-01', '2020-12-20'), reason: '达到脱贫标准' });
  if (path === 'RELAPSED' || path === 'RELAPSED_EXITED') {
    history.push({ status: 'RELAPSED', on: random.dateBetween('2021-03-01', '2022-06-30'), reason: '因病返贫' });
  }
  if (path === 'RELAPSED_EXITED') {
    history.push({ status: 'EXITED', on: random.dateBetween('2023-01-01', '2023-08-31'), reason: '再次稳定脱贫' });
  }
  const last = history[history.length - 1]!.status;
  return { history, monitoringClass: last === 'EXITED' ? (random.chance(0.25) ? 'POLICY_GUARANTEED' : 'CONSOLIDATING') : null };
}

let cached: DemoHousehold[] | undefined;

/**
 * 芦溪县's registered households: about 2,000 households, 7,000 people and 2,500 children of
 * compulsory-school age in 2023, generated from a fixed seed with valid ID numbers.
 */
export function demoHouseholds(): DemoHousehold[] {
  if (cached) return cached;
  const random = new SeededRandom(20_160_323);
  const people = new PersonFactory(random);
  const households: DemoHousehold[] = [];
  for (let i = 0; i < DEMO_HOUSEHOLD_COUNT; i++) {
    const village = DEMO_VILLAGES[i % DEMO_VILLAGES.length]!;
    const serial = Math.floor(i / DEMO_VILLAGES.length) + 1;
    const registrationNumber = `${village.code}${String(serial).padStart(3, '0')}`;
    const key = registrationNumber;
    const surname = random.pick(SURNAMES);
    const headGender: Gender = random.chance(0.85) ? 'MALE' : 'FEMALE';
    const headBirth = random.dateBetween('1958-01-01', '1990-12-31');
    const members: DemoPerson[] = [people.person(key, 0, surname, headGender, headBirth, 'HEAD')];
    if (random.chance(0.8)) {
      const spouseBirth = random.dateBetween('1960-01-01', '1992-12-31');
      members.push(people.person(key, members.length, random.pick(SURNAMES), headGender === 'MALE' ? 'FEMALE' : 'MALE', spouseBirth, 'SPOUSE'));
    }
    const children = random.weighted([[0, 10], [1, 40], [2, 38], [3, 12]] as const);
    for (let c = 0; c < children; c++) {
      // Mostly compulsory-school age in 2023 (born Sept 2008 – Aug 2017), some younger or older.
      const band = random.weighted([['school', 82], ['young', 10], ['older', 8]] as const);
      const birth =
        band === 'school'
          ? random.dateBetween('2008-09-01', '2017-08-31')
          : band === 'young'
            ? random.dateBetween('2017-09-01', '2021-08-31')
            : random.dateBetween('2004-09-01', '2008-08-31');
      members.push(people.person(key, members.length, surname, random.chance(0.52) ? 'MALE' : 'FEMALE', birth, 'CHILD'));
    }
    if (random.chance(0.25)) {
      members.push(people.person(key, members.length, surname, random.chance(0.5) ? 'MALE' : 'FEMALE', random.dateBetween('1935-01-01', '1957-12-31'), 'PARENT'));
    }
    const identifiedOn = random.dateBetween('2014-04-01', '2016-06-30');
    const { history, monitoringClass } = statusHistory(random, identifiedOn);
    const causes = new Set<PovertyCause>([random.weighted(CAUSES)]);
    if (random.chance(0.4)) causes.add(random.weighted(CAUSES));
    const income = random.int(2300, 9000) * 100;
    const sources = INCOME_SOURCES.filter(() => random.chance(0.45)).slice(0, 3);
    const sourceList = sources.length ? sources : ['政策性收入'];
    households.push({
      id: stableUuid('household', key),
      registrationNumber,
      villageCode: village.code,
      category: random.weighted(CATEGORIES),
      povertyCauses: [...causes],
      annualIncomePerCapitaFen: income,
      incomeSources: sourceList.map((source) => ({
        source,
        annualFen: Math.round((income * members.length) / sourceList.length),
      })),
      identifiedOn,
      statusHistory: history,
      monitoringClass,
      helper: { name: random.pick(SURNAMES) + random.pick([...MALE_GIVEN, ...FEMALE_GIVEN]), unit: random.pick(UNITS) },
      members,
    });
  }
  cached = households;
  return households;
}

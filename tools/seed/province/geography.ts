import type { RegionLevel, SchoolType } from '@epg/domain';
import { SeededRandom, stableUuid } from '@epg/demo';

/** The province-scale stand-in: Hubei's code, stand-in county names, the sizes of its 2016–2019 plan. */
export const PROVINCE = { code: '420000', name: '湖北省' } as const;
export const PROVINCE_SIZES = {
  counties: 37,
  villages: 4821,
  townshipsPerCounty: 10,
  junior: 592,
  primary: 2252,
  teachingPoints: 1017,
  kindergartens: 1480,
  senior: 79,
  vocational: 34,
} as const;

const CITIES: readonly (readonly [code: string, name: string, counties: number])[] = [
  ['420300', '十堰市', 6], ['420500', '宜昌市', 4], ['420600', '襄阳市', 2], ['420800', '荆门市', 1], ['420900', '孝感市', 3],
  ['421000', '荆州市', 2], ['421100', '黄冈市', 7], ['421200', '咸宁市', 2], ['421300', '随州市', 2], ['422800', '恩施州', 8],
];
const DIGITS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
const PLACE = ['安', '丰', '源', '阳', '岭', '溪', '坪', '河', '山', '田', '桥', '湾', '坊', '冲', '岗', '塘', '林', '泉', '口', '坝'];

export interface Region {
  code: string;
  name: string;
  level: RegionLevel;
}

export interface Township extends Region {
  county: string;
  villages: Region[];
}

export interface County extends Region {
  city: string;
  townships: Township[];
}

export interface School {
  id: string;
  code: string;
  name: string;
  type: SchoolType;
  regionCode: string;
  county: string;
  township: string | null;
  modelLevel: 'PROVINCIAL' | 'COUNTY' | null;
}

/** `total` split over `parts` as evenly as integers allow (deterministic). */
export function spread(total: number, parts: number): number[] {
  return Array.from({ length: parts }, (_, i) => Math.floor(((i + 1) * total) / parts) - Math.floor((i * total) / parts));
}

function placeName(random: SeededRandom): string {
  return random.pick(PLACE) + random.pick(PLACE);
}

/** Cities, 37 counties, 10 townships each, 4,821 villages (codes 42xxxx[1NN[2NN]]). */
export function provinceRegions(): { cities: Region[]; counties: County[] } {
  const random = new SeededRandom(420_000);
  const cities: Region[] = CITIES.map(([code, name]) => ({ code, name, level: 'CITY' }));
  const counties: County[] = [];
  for (const [cityCode, cityName, n] of CITIES) {
    for (let i = 0; i < n; i++) {
      counties.push({ code: `${cityCode.slice(0, 4)}${21 + i}`, name: `${cityName.slice(0, 2)}${DIGITS[i]}县`, level: 'COUNTY', city: cityCode, townships: [] });
    }
  }
  const villagesPerCounty = spread(PROVINCE_SIZES.villages, counties.length);
  counties.forEach((county, c) => {
    const perTownship = spread(villagesPerCounty[c]!, PROVINCE_SIZES.townshipsPerCounty);
    county.townships = perTownship.map((n, t) => {
      const code = `${county.code}${100 + t}`;
      return {
        code,
        name: `${placeName(random)}${t < 5 ? '镇' : '乡'}`,
        level: 'TOWNSHIP',
        county: county.code,
        villages: Array.from({ length: n }, (_, v) => ({ code: `${code}${201 + v}`, name: `${placeName(random)}村`, level: 'VILLAGE' as const })),
      };
    });
  });
  return { cities, counties };
}

/**
 * The province's schools: compulsory schools (junior, primary, teaching points) and
 * kindergartens spread over the townships, senior and secondary vocational schools at county
 * seats, one special-education school per county.
 */
export function provinceSchools(counties: readonly County[]): School[] {
  const random = new SeededRandom(420_001);
  const townships = counties.flatMap((c) => c.townships);
  const schools: School[] = [];
  const add = (type: SchoolType, county: string, township: Township | null, regionCode: string, name: string) => {
    const code = `42${String(schools.length + 1).padStart(8, '0')}`;
    schools.push({
      id: stableUuid('school', code),
      code,
      name,
      type,
      regionCode,
      county,
      township: township?.code ?? null,
      modelLevel: random.chance(0.03) ? (random.chance(0.3) ? 'PROVINCIAL' : 'COUNTY') : null,
    });
  };
  const perTownship = (type: SchoolType, total: number, suffix: string, atVillage: boolean) => {
    for (let i = 0; i < total; i++) {
      const township = townships[i % townships.length]!;
      const village = atVillage ? random.pick(township.villages) : null;
      const base = village ? village.name.replace(/村$/, '') : township.name.replace(/[镇乡]$/, '');
      add(type, township.county, township, village?.code ?? township.code, `${base}${suffix}${Math.floor(i / townships.length) + 1}`);
    }
  };
  perTownship('JUNIOR_SECONDARY', PROVINCE_SIZES.junior, '中学', false);
  perTownship('PRIMARY', PROVINCE_SIZES.primary, '小学', false);
  perTownship('TEACHING_POINT', PROVINCE_SIZES.teachingPoints, '教学点', true);
  perTownship('KINDERGARTEN', PROVINCE_SIZES.kindergartens, '幼儿园', false);
  spread(PROVINCE_SIZES.senior, counties.length).forEach((n, c) => {
    const county = counties[c]!;
    for (let i = 0; i < n; i++) add('SENIOR_SECONDARY', county.code, county.townships[0]!, county.townships[0]!.code, `${county.name}第${DIGITS[i]}中学`);
  });
  for (let i = 0; i < PROVINCE_SIZES.vocational; i++) {
    const county = counties[i]!;
    add('SECONDARY_VOCATIONAL', county.code, county.townships[0]!, county.townships[0]!.code, `${county.name}职业中等专业学校`);
  }
  for (const county of counties) add('SPECIAL_EDUCATION', county.code, county.townships[0]!, county.townships[0]!.code, `${county.name}特殊教育学校`);
  return schools;
}

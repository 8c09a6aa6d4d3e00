import type { RegionLevel } from '@epg/domain';
import { SeededRandom } from './random';

export interface DemoRegion {
  code: string;
  name: string;
  level: RegionLevel;
}

/** Poor-village facts ("一高一低一无") of one village in one year. */
export interface DemoVillageFacts {
  villageCode: string;
  year: number;
  /** Poverty incidence in percent, e.g. 31.5. */
  incidencePercent: number;
  incomePerCapitaFen: number;
  hasCollectiveIncome: boolean;
}

export const DEMO_COUNTY = '360323';
/** The academic year the demo data is centred on (2023 = 2023–24). */
export const DEMO_ACADEMIC_YEAR = 2023;

/** 芦溪县's townships (乡镇), with their 9-digit codes. */
export const DEMO_TOWNSHIPS: readonly DemoRegion[] = [
  { code: '360323100', name: '芦溪镇', level: 'TOWNSHIP' },
  { code: '360323101', name: '宣风镇', level: 'TOWNSHIP' },
  { code: '360323102', name: '上埠镇', level: 'TOWNSHIP' },
  { code: '360323103', name: '南坑镇', level: 'TOWNSHIP' },
  { code: '360323104', name: '银河镇', level: 'TOWNSHIP' },
  { code: '360323200', name: '新泉乡', level: 'TOWNSHIP' },
  { code: '360323201', name: '源南乡', level: 'TOWNSHIP' },
  { code: '360323202', name: '长丰乡', level: 'TOWNSHIP' },
  { code: '360323203', name: '张佳坊乡', level: 'TOWNSHIP' },
];

const VILLAGE_STEMS = [
  '年丰', '横岭', '河坑', '大岭', '林家坊', '濂溪', '九州', '花园', '棚下', '新下',
  '大安', '山口', '石溪', '竹园', '东阳', '上坪', '下湾', '枫林', '麻田', '桥头',
  '高楼', '塘边', '合田', '泉塘', '龙岗', '田心', '白竹', '黄坑', '坪里', '南岭',
  '北岭', '西岗', '安乐', '丰田', '晓光', '庙前', '沙湾', '杨家', '彭家', '刘家',
  '李家', '周家', '陈家', '罗家', '钟家', '邹家', '谢家', '胡家', '樟木', '柏树',
  '茶园', '荷塘', '洞口', '岭下', '湖边', '太平', '和平', '兴旺', '仙凤', '紫溪',
  '金鱼', '檀树', '江口', '楼下', '山田', '东坑', '西坑', '良坊', '牌楼', '洪山',
  '石门', '云峰', '长冲', '双源', '上湾', '新建', '光明', '联合', '团结', '红星',
];

/** Eight villages per township: 12-digit codes `<township>2NN`. */
export const DEMO_VILLAGES: readonly DemoRegion[] = DEMO_TOWNSHIPS.flatMap((township, t) =>
  Array.from({ length: 8 }, (_, v) => ({
    code: `${township.code}${String(201 + v)}`,
    name: `${VILLAGE_STEMS[t * 8 + v]!}村`,
    level: 'VILLAGE' as const,
  })),
);

/**
 * Every region the demo and the policy sets use: Jiangxi down to 芦溪县's villages, Hubei with
 * one city and district (for cross-region checks), Gansu, and the stand-in county 999901.
 */
export const DEMO_REGIONS: readonly DemoRegion[] = [
  { code: '360000', name: '江西省', level: 'PROVINCE' },
  { code: '360300', name: '萍乡市', level: 'CITY' },
  { code: '360323', name: '芦溪县', level: 'COUNTY' },
  ...DEMO_TOWNSHIPS,
  ...DEMO_VILLAGES,
  { code: '420000', name: '湖北省', level: 'PROVINCE' },
  { code: '420100', name: '武汉市', level: 'CITY' },
  { code: '420102', name: '江岸区', level: 'COUNTY' },
  { code: '620000', name: '甘肃省', level: 'PROVINCE' },
  { code: '990000', name: '示例省', level: 'PROVINCE' },
  { code: '999900', name: '示例市', level: 'CITY' },
  { code: '999901', name: '示例县', level: 'COUNTY' },
];

/**
 * Poor-village facts for 2016–2020: about a third of the villages met all three criteria in
 * 2016 and climbed out by 2019–2020.
 */
export function demoVillageFacts(): DemoVillageFacts[] {
  const random = new SeededRandom(360_323_2016);
  const facts: DemoVillageFacts[] = [];
  for (const village of DEMO_VILLAGES) {
    const poor = random.chance(0.35);
    const exitYear = poor ? random.int(2018, 2020) : 0;
    for (let year = 2016; year <= 2020; year++) {
      const stillPoor = poor && year < exitYear;
      facts.push({
        villageCode: village.code,
        year,
        incidencePercent: stillPoor ? random.int(275, 420) / 10 : random.int(5, 180) / 10,
        incomePerCapitaFen: (stillPoor ? random.int(3200, 4700) : random.int(5200, 9800)) * 100,
        hasCollectiveIncome: !stillPoor,
      });
    }
  }
  return facts;
}

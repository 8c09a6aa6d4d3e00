import type { RegionLevel } from '@epg/domain';

export interface RegionSeed {
  code: string;
  name: string;
  level: RegionLevel;
}

/** The administrative tree down to the demo county 芦溪县 (360323) and its townships. */
export const DEMO_REGIONS: RegionSeed[] = [
  { code: '360000', name: '江西省', level: 'PROVINCE' },
  { code: '360300', name: '萍乡市', level: 'CITY' },
  { code: '360323', name: '芦溪县', level: 'COUNTY' },
  { code: '360323100', name: '芦溪镇', level: 'TOWNSHIP' },
  { code: '360323101', name: '宣风镇', level: 'TOWNSHIP' },
  { code: '360323102', name: '上埠镇', level: 'TOWNSHIP' },
  { code: '360323103', name: '南坑镇', level: 'TOWNSHIP' },
  { code: '360323104', name: '银河镇', level: 'TOWNSHIP' },
  { code: '360323200', name: '新泉乡', level: 'TOWNSHIP' },
  { code: '360323201', name: '源南乡', level: 'TOWNSHIP' },
  { code: '360323202', name: '长丰乡', level: 'TOWNSHIP' },
  { code: '360323203', name: '张佳坊乡', level: 'TOWNSHIP' },
  { code: '420000', name: '湖北省', level: 'PROVINCE' },
  { code: '620000', name: '甘肃省', level: 'PROVINCE' },
];

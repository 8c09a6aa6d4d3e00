import type { SchoolOwnership, SchoolType } from '@epg/domain';
import { stableUuid } from './stable-id';

export interface DemoSchool {
  id: string;
  /** 10-digit school identification code. */
  code: string;
  name: string;
  type: SchoolType;
  ownership: SchoolOwnership;
  /** Township (9 digits) or village (12 digits). */
  regionCode: string;
  inPovertyArea: boolean;
  modelLevel: 'PROVINCIAL' | 'COUNTY' | null;
}

type Row = [code: string, name: string, type: SchoolType, regionCode: string, modelLevel?: 'PROVINCIAL' | 'COUNTY'];

/**
 * 芦溪县's schools, including those its own report names (seed 004, 芦溪县教育扶贫工作汇报).
 * 花园小学 (芦溪镇) is a town school of the demo; the seed's 源南乡花园小学 is another school.
 */
const ROWS: Row[] = [
  ['3636032301', '芦溪中学', 'COMPLETE_SECONDARY', '360323100', 'PROVINCIAL'],
  ['3636032302', '芦溪小学', 'PRIMARY', '360323100', 'COUNTY'],
  ['3636032303', '濂溪中学', 'JUNIOR_SECONDARY', '360323100'],
  ['3636032304', '芦溪镇林家坊学校', 'NINE_YEAR', '360323100'],
  ['3636032305', '花园小学', 'PRIMARY', '360323100'],
  ['3636032306', '宣风镇中学', 'JUNIOR_SECONDARY', '360323101'],
  ['3636032307', '宣风中心幼儿园', 'KINDERGARTEN', '360323101'],
  ['3636032308', '宣风镇中心小学', 'PRIMARY', '360323101'],
  ['3636032309', '上埠镇九州小学', 'PRIMARY', '360323102'],
  ['3636032310', '上埠镇二中', 'JUNIOR_SECONDARY', '360323102'],
  ['3636032311', '南坑镇中学', 'JUNIOR_SECONDARY', '360323103'],
  ['3636032312', '南坑镇大岭小学', 'PRIMARY', '360323103'],
  ['3636032313', '南坑镇大岭小学附属幼儿园', 'KINDERGARTEN', '360323103'],
  ['3636032314', '银河镇中学', 'JUNIOR_SECONDARY', '360323104'],
  ['3636032315', '棚下小学', 'PRIMARY', '360323104'],
  // 源南乡新下小学 (seed 004: one of the three village schools built from 2017).
  ['3636032316', '新下小学', 'PRIMARY', '360323201'],
  ['3636032317', '大安中学', 'JUNIOR_SECONDARY', '360323200'],
  ['3636032318', '源南学校', 'NINE_YEAR', '360323201'],
  ['3636032319', '长丰学校', 'NINE_YEAR', '360323202'],
  ['3636032320', '张佳坊小学', 'PRIMARY', '360323203'],
  ['3636032321', '张佳坊乡横岭教学点', 'TEACHING_POINT', '360323203'],
  ['3636032322', '芦溪县职业中等专业学校', 'SECONDARY_VOCATIONAL', '360323100'],
  ['3636032323', '芦溪县特殊教育学校', 'SPECIAL_EDUCATION', '360323100'],
  ['3636032324', '芦溪县第二中学', 'SENIOR_SECONDARY', '360323102'],
  // Named by seed 004 (芦溪县教育扶贫工程工作情况汇报), in the townships it names them with:
  // the 836.49万 rural programme's completed schools and the 2017 programme's 银河镇二中.
  ['3636032325', '宣风镇吐霞小学', 'PRIMARY', '360323101'],
  ['3636032326', '宣风镇中心学校', 'NINE_YEAR', '360323101'],
  ['3636032327', '上埠镇中学', 'JUNIOR_SECONDARY', '360323102'],
  ['3636032328', '南坑镇石灰仑小学', 'PRIMARY', '360323103'],
  ['3636032329', '上埠镇山口岩小学附属幼儿园', 'KINDERGARTEN', '360323102'],
  ['3636032330', '银河镇二中', 'JUNIOR_SECONDARY', '360323104'],
  ['3636032331', '源南乡花园小学', 'PRIMARY', '360323201'],
];

export const DEMO_SCHOOLS: readonly DemoSchool[] = ROWS.map(([code, name, type, regionCode, modelLevel]) => ({
  id: stableUuid('school', code),
  code,
  name,
  type,
  ownership: 'PUBLIC',
  regionCode,
  inPovertyArea: true,
  modelLevel: modelLevel ?? null,
}));

import { z } from 'zod';
import type { RegionLevel } from './enums';

/**
 * Region codes (行政区划代码, GB/T 2260 and its township/village extension):
 * province `42` + `0000`, city `4201` + `00`, county 6 digits, township 9, village 12.
 */
const LEVEL_BY_LENGTH: Record<number, RegionLevel> = { 9: 'TOWNSHIP', 12: 'VILLAGE' };

/** A region code: 6 (province/city/county), 9 (township) or 12 (village) digits. */
export const regionCodeSchema = z
  .string()
  .regex(/^(\d{6}|\d{9}|\d{12})$/, 'a region code has 6, 9 or 12 digits')
  .refine((code) => code.slice(0, 2) !== '00', 'a region code starts with a province number');

/** A 12-digit village code (村级代码). */
export const villageCodeSchema = z.string().regex(/^\d{12}$/, 'a village code has 12 digits');

export function isRegionCode(code: string): boolean {
  return regionCodeSchema.safeParse(code).success;
}

/** The level a well-formed code denotes (420000 → PROVINCE, 420100 → CITY, 420102 → COUNTY). */
export function regionLevelOf(code: string): RegionLevel {
  const byLength = LEVEL_BY_LENGTH[code.length];
  if (byLength) return byLength;
  if (code.length !== 6) throw new RangeError(`not a region code: ${code}`);
  if (code.endsWith('0000')) return 'PROVINCE';
  if (code.endsWith('00')) return 'CITY';
  return 'COUNTY';
}

/** The canonical prefix: the code without the zero pairs below its level (420000 → "42"). */
export function canonicalPrefix(code: string): string {
  switch (regionLevelOf(code)) {
    case 'PROVINCE':
      return code.slice(0, 2);
    case 'CITY':
      return code.slice(0, 4);
    default:
      return code;
  }
}

/** True when `code` lies inside region `region` (itself included). */
export function isInside(code: string, region: string): boolean {
  return code.startsWith(canonicalPrefix(region));
}

/** The code of the region directly above, or null for a province. */
export function parentCode(code: string): string | null {
  switch (regionLevelOf(code)) {
    case 'PROVINCE':
      return null;
    case 'CITY':
      return `${code.slice(0, 2)}0000`;
    case 'COUNTY': {
      const city = `${code.slice(0, 4)}00`;
      // Counties directly under a province (省直辖县级, e.g. 4290xx) have no city of their own.
      return code.slice(2, 4) === '90' ? `${code.slice(0, 2)}0000` : city;
    }
    case 'TOWNSHIP':
      return code.slice(0, 6);
    case 'VILLAGE':
      return code.slice(0, 9);
  }
}

/** Every region above `code`, nearest first. */
export function ancestorCodes(code: string): string[] {
  const ancestors: string[] = [];
  for (let parent = parentCode(code); parent !== null; parent = parentCode(parent)) ancestors.push(parent);
  return ancestors;
}

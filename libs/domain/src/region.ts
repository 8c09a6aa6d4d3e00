import { z } from 'zod';
import type { RegionLevel } from './enums';

/**
 * Region codes (行政区划代码, GB/T 2260 and its township/village extension):
 * province `42` + `0000`, city `4201` + `00`, county 6 digits, township 9, village 12.
 *
 * Two types that cannot be confused:
 * - `RegionCode` names one region (`420000`, `360323101`): parsed at the boundary by
 *   `regionCodeSchema` / `parseRegionCode`.
 * - `RegionPrefix` is the canonical prefix every code inside a region starts with (`42`,
 *   `4201`, `360323`): made only by `canonicalPrefix` (or `parseRegionPrefix` for a stored one).
 * A function that wants a code cannot be handed a prefix, nor a plain string.
 */
const LEVEL_BY_LENGTH: Record<number, RegionLevel> = { 9: 'TOWNSHIP', 12: 'VILLAGE' };

const REGION_CODE = /^(\d{6}|\d{9}|\d{12})$/;

/** A region code: 6 (province/city/county), 9 (township) or 12 (village) digits. */
export const regionCodeSchema = z
  .string()
  .regex(REGION_CODE, 'a region code has 6, 9 or 12 digits')
  .refine((code) => code.slice(0, 2) !== '00', 'a region code starts with a province number')
  .brand<'RegionCode'>();

/** One region's code (branded: only `regionCodeSchema`, `parseRegionCode` and the tree walks make one). */
export type RegionCode = z.infer<typeof regionCodeSchema>;

/** A canonical region prefix (branded: only `canonicalPrefix` and `parseRegionPrefix` make one). */
export type RegionPrefix = string & z.$brand<'RegionPrefix'>;

/** A 12-digit village code (村级代码). */
export const villageCodeSchema = z
  .string()
  .regex(/^\d{12}$/, 'a village code has 12 digits')
  .refine((code) => code.slice(0, 2) !== '00', 'a region code starts with a province number')
  .brand<'RegionCode'>();

export function isRegionCode(code: string): code is RegionCode {
  return regionCodeSchema.safeParse(code).success;
}

/** The code as a `RegionCode`; RangeError when it is not one (for values already validated upstream). */
export function parseRegionCode(code: string): RegionCode {
  if (!isRegionCode(code)) throw new RangeError(`not a region code: ${code}`);
  return code;
}

/** The level a well-formed code denotes (420000 → PROVINCE, 420100 → CITY, 420102 → COUNTY). */
export function regionLevelOf(code: RegionCode): RegionLevel {
  const byLength = LEVEL_BY_LENGTH[code.length];
  if (byLength) return byLength;
  if (code.length !== 6) throw new RangeError(`not a region code: ${code}`);
  if (code.endsWith('0000')) return 'PROVINCE';
  if (code.endsWith('00')) return 'CITY';
  return 'COUNTY';
}

/** The canonical prefix: the code without the zero pairs below its level (420000 → "42"). */
export function canonicalPrefix(code: RegionCode): RegionPrefix {
  switch (regionLevelOf(code)) {
    case 'PROVINCE':
      return code.slice(0, 2) as RegionPrefix;
    case 'CITY':
      return code.slice(0, 4) as RegionPrefix;
    default:
      return code as string as RegionPrefix;
  }
}

const PREFIX_LENGTHS = new Set([2, 4, 6, 9, 12]);

/** True when `value` is the canonical prefix of some region (2, 4, 6, 9 or 12 digits). */
export function isRegionPrefix(value: string): value is RegionPrefix {
  return /^\d+$/.test(value) && PREFIX_LENGTHS.has(value.length) && !value.startsWith('00');
}

/** A stored prefix (a policy set's or allowance rate's region) as a `RegionPrefix`; RangeError otherwise. */
export function parseRegionPrefix(value: string): RegionPrefix {
  if (!isRegionPrefix(value)) throw new RangeError(`not a region prefix: ${value}`);
  return value;
}

/** The region a canonical prefix stands for ("42" → 420000, "4201" → 420100). */
export function regionOfPrefix(prefix: RegionPrefix): RegionCode {
  if (prefix.length === 2) return `${prefix}0000` as RegionCode;
  if (prefix.length === 4) return `${prefix}00` as RegionCode;
  return prefix as string as RegionCode;
}

/** True when a stored code (any level, e.g. a village code of a row) lies under `prefix`. */
export function prefixContains(prefix: RegionPrefix, code: string): boolean {
  return code.startsWith(prefix);
}

/**
 * The narrower of two prefixes when one region contains the other, or null when they do not
 * overlap (the regions are disjoint).
 */
export function overlapOf(a: RegionPrefix, b: RegionPrefix): RegionPrefix | null {
  if (a.startsWith(b)) return a;
  if (b.startsWith(a)) return b;
  return null;
}

/** True when `code` lies inside region `region` (itself included). */
export function isInside(code: RegionCode, region: RegionCode): boolean {
  return prefixContains(canonicalPrefix(region), code);
}

/** The code of the region directly above, or null for a province. */
export function parentCode(code: RegionCode): RegionCode | null {
  const parent = ((): string | null => {
    switch (regionLevelOf(code)) {
      case 'PROVINCE':
        return null;
      case 'CITY':
        return `${code.slice(0, 2)}0000`;
      case 'COUNTY':
        // Counties directly under a province (省直辖县级, e.g. 4290xx) have no city of their own.
        return code.slice(2, 4) === '90' ? `${code.slice(0, 2)}0000` : `${code.slice(0, 4)}00`;
      case 'TOWNSHIP':
        return code.slice(0, 6);
      case 'VILLAGE':
        return code.slice(0, 9);
    }
  })();
  return parent as RegionCode | null;
}

/** The province `code` lies in (itself for a province): its first two digits and `0000`. */
export function provinceOf(code: RegionCode): RegionCode {
  return `${code.slice(0, 2)}0000` as RegionCode;
}

/** Every region above `code`, nearest first. */
export function ancestorCodes(code: RegionCode): RegionCode[] {
  const ancestors: RegionCode[] = [];
  for (let parent = parentCode(code); parent !== null; parent = parentCode(parent)) ancestors.push(parent);
  return ancestors;
}

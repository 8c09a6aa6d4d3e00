import { z } from 'zod';
import { isRealDate } from './dates';
import type { Gender } from './enums';

/**
 * The 18-character resident ID number (居民身份证号码, GB 11643-1999):
 * 6-digit region of registration, 8-digit birth date, 3-digit sequence (odd = male),
 * and an ISO 7064 MOD 11-2 check character (0–9 or X).
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

export interface ParsedIdNumber {
  /** Normalised: upper-case X. */
  idNumber: string;
  regionCode: string;
  birthDate: string;
  gender: Gender;
}

export type IdNumberResult = { ok: true; value: ParsedIdNumber } | { ok: false; message: string };

/** The check character for the first 17 digits. */
export function computeCheckDigit(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('the check digit needs 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

/** The province codes of GB/T 2260 (11 北京 … 65 新疆, 71 台湾, 81 香港, 82 澳门). */
const PROVINCE_CODES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65',
  '71', '81', '82',
]);

/** The region part of an ID number names a real province and a place below it (no `000000`, no `360000`). */
function implausibleIdRegion(region: string): string | null {
  if (!PROVINCE_CODES.has(region.slice(0, 2))) return `the region part ${region} of the ID number names no province`;
  if (region.slice(2) === '0000') return `the region part ${region} of the ID number names a whole province, not a place of registration`;
  return null;
}

/** Validates and decodes an ID number; `today` bounds the birth date (no future births). */
export function parseIdNumber(raw: string, today: string = new Date().toISOString().slice(0, 10)): IdNumberResult {
  const value = raw.trim().toUpperCase();
  if (/^\d{15}$/.test(value)) {
    return {
      ok: false,
      message: 'legacy 15-digit ID numbers are not accepted: give the 18-character number (GB 11643-1999)',
    };
  }
  if (!/^\d{17}[\dX]$/.test(value)) {
    return { ok: false, message: 'an ID number has 17 digits followed by a digit or X' };
  }
  const regionProblem = implausibleIdRegion(value.slice(0, 6));
  if (regionProblem) return { ok: false, message: regionProblem };
  const year = Number(value.slice(6, 10));
  const month = Number(value.slice(10, 12));
  const day = Number(value.slice(12, 14));
  if (year < 1900 || !isRealDate(year, month, day)) {
    return { ok: false, message: `the birth date ${value.slice(6, 14)} in the ID number is not a real date` };
  }
  const birthDate = value.slice(6, 10) + '-' + value.slice(10, 12) + '-' + value.slice(12, 14);
  if (birthDate > today) {
    return { ok: false, message: `the birth date ${birthDate} in the ID number is in the future` };
  }
  const expected = computeCheckDigit(value.slice(0, 17));
  if (value[17] !== expected) {
    return { ok: false, message: 'the ID number check digit is wrong (mistyped number?)' };
  }
  return {
    ok: true,
    value: {
      idNumber: value,
      regionCode: value.slice(0, 6),
      birthDate,
      gender: Number(value[16]) % 2 === 1 ? 'MALE' : 'FEMALE',
    },
  };
}

/** Characters `maskIdNumber` keeps at each end (DESIGN.md: `3603**********8893`). */
export const MASK_KEEP = 4;

/**
 * Masked for display: the first 4 and last 4 characters kept (`3603**********8893`), so the 10
 * hidden ones are the county digits and the whole birth date. Keeping 6 and 4 hid exactly the 8
 * birth-date digits, and anyone who also saw the birth date could rebuild the full number (issue 18).
 */
export function maskIdNumber(idNumber: string): string {
  if (idNumber.length <= 2 * MASK_KEEP) return '*'.repeat(idNumber.length);
  return idNumber.slice(0, MASK_KEEP) + '*'.repeat(idNumber.length - 2 * MASK_KEEP) + idNumber.slice(-MASK_KEEP);
}

/** An ID number inside any text: 17 digits and a check character, not part of a longer run of digits. */
const ID_NUMBER_IN_TEXT = /(?<![0-9])[0-9]{17}[0-9Xx](?![0-9Xx])/g;

/**
 * Every ID number inside a text masked (`maskIdNumber`): what audit images and log lines keep of
 * free text, so neither can carry a full number whatever a message or a stored value quotes.
 */
export function maskIdNumbersIn(text: string): string {
  return text.replace(ID_NUMBER_IN_TEXT, (idNumber) => maskIdNumber(idNumber.toUpperCase()));
}

/** Builds a valid ID number (demo data and tests): region, birth date, sequence 0–999. */
export function makeIdNumber(regionCode: string, birthDate: string, sequence: number): string {
  const first17 = regionCode.slice(0, 6) + birthDate.replaceAll('-', '') + String(sequence).padStart(3, '0');
  return first17 + computeCheckDigit(first17);
}

/** zod: a valid ID number, transformed to its decoded form. */
export const idNumberSchema = z.string().transform((raw, ctx): ParsedIdNumber => {
  const result = parseIdNumber(raw);
  if (!result.ok) {
    ctx.addIssue({ code: 'custom', message: result.message });
    return z.NEVER;
  }
  return result.value;
});

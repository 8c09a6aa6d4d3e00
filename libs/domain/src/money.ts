import { z } from 'zod';

/** Money is integer fen (分); 1 yuan = 100 fen. */
export const FEN_PER_YUAN = 100;

/** A non-negative amount of money in fen, within PostgreSQL's 32-bit integer range. */
export const fenSchema = z
  .number()
  .int('money is a whole number of fen')
  .nonnegative('money cannot be negative')
  .max(2_147_483_647, 'amount too large');

/**
 * A non-negative amount of money in fen beyond the 32-bit range, up to 2^53 - 1: costs, budgets
 * and totals (a school building can cost more than 2^31 fen; programme budgets run to tens of
 * billions). PostgreSQL bigint; the GraphQL `Fen` scalar.
 */
export const bigFenSchema = z
  .number()
  .int('money is a whole number of fen')
  .nonnegative('money cannot be negative')
  .max(Number.MAX_SAFE_INTEGER, 'amount too large');

/** A money sum as PostgreSQL returns a bigint: text (node-postgres keeps bigint exact as a string). */
export type FenText = string | number;

/**
 * A bigint money amount or sum as an exact JavaScript number: refused (an internal error, loudly)
 * past 2^53 − 1 fen rather than rounded. Sums are taken in bigint in SQL, never cast to int or float.
 */
export function fenFromBigint(value: FenText): number {
  const fen = typeof value === 'number' ? value : Number(value);
  if (!Number.isSafeInteger(fen)) throw new RangeError(`money sum ${String(value)} is not a whole number of fen below 2^53`);
  return fen;
}

/** Yuan (possibly with jiao/fen decimals) to fen, rounding half away from zero at the fen. */
export function yuanToFen(yuan: number): number {
  if (!Number.isFinite(yuan)) throw new RangeError(`not an amount: ${yuan}`);
  return Math.sign(yuan) * Math.round(Math.abs(yuan) * FEN_PER_YUAN);
}

/** Fen as a yuan string with two decimals (`123456` → `"1234.56"`). */
export function fenToYuanString(fen: number): string {
  if (!Number.isInteger(fen)) throw new RangeError(`fen must be an integer: ${fen}`);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / FEN_PER_YUAN)}.${String(abs % FEN_PER_YUAN).padStart(2, '0')}`;
}

/** Sum of fen amounts; throws if any is not an integer. */
export function sumFen(amounts: Iterable<number>): number {
  let total = 0;
  for (const amount of amounts) {
    if (!Number.isInteger(amount)) throw new RangeError(`fen must be an integer: ${amount}`);
    total += amount;
  }
  return total;
}

/** `percent`% of an amount in fen, rounded to the nearest fen (funding shares). */
export function percentOfFen(fen: number, percent: number): number {
  return Math.round((fen * percent) / 100);
}

/** A rate in [0, 1] or null when nothing is counted (avoids a misleading 0%). */
export function rate(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

/** A money sum as PostgreSQL returns a bigint: text (node-postgres keeps bigint exact as a string). */
export type FenText = string | number;

/**
 * A bigint money sum as an exact JavaScript number: refused (an internal error, loudly) past
 * 2^53 − 1 fen rather than rounded. Sums are taken in bigint in SQL, never cast to int or float.
 */
export function fenFromBigint(value: FenText): number {
  const fen = typeof value === 'number' ? value : Number(value);
  if (!Number.isSafeInteger(fen)) throw new RangeError(`money sum ${String(value)} is not a whole number of fen below 2^53`);
  return fen;
}

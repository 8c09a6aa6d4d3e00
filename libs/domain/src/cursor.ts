import { z } from 'zod';
import { hasNul } from './text';

/** Cursor connections: a cursor is the base64url JSON of the sort-key values of a row. */
export const MAX_PAGE_SIZE = 500;

export const pageSizeSchema = z
  .number()
  .int('first must be a whole number')
  .min(1, 'first must be at least 1')
  .max(MAX_PAGE_SIZE, `first must be at most ${MAX_PAGE_SIZE}`);

export class InvalidCursorError extends Error {
  constructor() {
    super('not a cursor this list returned');
  }
}

/** Sort-key values are short (codes, names, ids, dates) and never carry NUL (see text.ts). */
const cursorValuesSchema = z
  .array(z.union([z.string().max(200).refine((v) => !hasNul(v)), z.number().finite()]))
  .min(1)
  .max(8);

export function encodeCursor(values: (string | number)[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): (string | number)[] {
  try {
    return cursorValuesSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw new InvalidCursorError();
  }
}

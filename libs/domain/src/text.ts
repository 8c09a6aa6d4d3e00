/**
 * Text that can be stored: PostgreSQL refuses the NUL character (U+0000) in `text`, so a value
 * carrying one must be refused as bad input at the boundary, never reach the database (where it
 * would fail the statement — and with it the whole transaction or batch).
 */
export const NUL_MESSAGE = 'must not contain the NUL character (\\u0000)';

export function hasNul(value: string): boolean {
  return value.includes('\u0000');
}

/** The path (`input.members.0.name`) of the first string inside `value` that carries a NUL, or null. */
export function findNul(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === 'string') return hasNul(value) ? path : null;
  if (value === null || typeof value !== 'object' || depth > 64) return null;
  const entries: [string, unknown][] = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
  for (const [key, item] of entries) {
    const found = findNul(item, path ? `${path}.${key}` : key, depth + 1);
    if (found) return found;
  }
  return null;
}

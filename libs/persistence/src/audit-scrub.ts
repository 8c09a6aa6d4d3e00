import { maskIdNumber, maskIdNumbersIn } from '@epg/domain';

/**
 * What an audit entry's before/after image may hold (DESIGN: "audit entries never hold a full ID
 * number"): the trail is read by auditors without `pii:read`, so the images are scrubbed where
 * they are written — in `recordAudit` — and no call site can forget it.
 *
 * - any string holding an 18-character ID number (17 digits and a digit or X) → that number masked;
 * - a field named like `idNumber` (`id_number`, `guardianIdNumber`, …) → masked, whatever it holds;
 * - a field named like `birthDate` → `birthYear` (the year only): a full birth date completes a
 *   masked ID number (the mask hides exactly the 8 birth-date digits).
 */
export function scrubAuditImage(value: unknown): unknown {
  return scrub(value, new WeakSet());
}

const ID_NUMBER_FIELD = /id_?number/i;
const BIRTH_DATE_FIELD = /^(birth_?date|date_?of_?birth|dob)$/i;

function scrub(value: unknown, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return maskIdNumbersIn(value);
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return value;
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => scrub(item, seen));
    // An entity or value object with its own JSON form (other than a Date) is scrubbed in that form.
    const plain = typeof (value as { toJSON?: unknown }).toJSON === 'function' ? (value as { toJSON(): unknown }).toJSON() : value;
    if (plain !== value) return scrub(plain, seen);
    const out: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(value)) {
      if (field === undefined) continue;
      if (BIRTH_DATE_FIELD.test(key)) out['birthYear'] = birthYearOf(field);
      else if (ID_NUMBER_FIELD.test(key) && typeof field === 'string') out[key] = maskIdNumberField(field);
      else out[key] = scrub(field, seen);
    }
    return out;
  } finally {
    seen.delete(value);
  }
}

/** An `idNumber` field: masked when it is one; an already masked value stays; anything else is withheld. */
function maskIdNumberField(value: string): string {
  const trimmed = value.trim().toUpperCase();
  if (/^[0-9]{17}[0-9X]$/.test(trimmed)) return maskIdNumber(trimmed);
  if (trimmed.includes('*')) return maskIdNumbersIn(value);
  return trimmed === '' ? value : '[withheld]';
}

/** `1990-05-17` or a Date → 1990; null stays null; anything else is withheld (null). */
function birthYearOf(value: unknown): number | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.getUTCFullYear();
  if (typeof value === 'string') {
    const match = /^(\d{4})-\d{2}-\d{2}/.exec(value.trim());
    return match ? Number(match[1]) : null;
  }
  return null;
}

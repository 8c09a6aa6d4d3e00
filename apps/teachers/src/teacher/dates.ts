/** Small calendar helpers on ISO dates (`YYYY-MM-DD`) and months (`YYYY-MM`), all in UTC. */

const DAY_MS = 86_400_000;

function toUtc(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}

function fromUtc(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return fromUtc(toUtc(date) + days * DAY_MS);
}

/** The same day `years` later (29 February → 1 March in a common year). */
export function addYears(date: string, years: number): string {
  const d = new Date(toUtc(date));
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return fromUtc(d.getTime());
}

/** The last day of a month (`2020-02` → `2020-02-29`). */
export function lastDayOfMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return fromUtc(Date.UTC(y, m, 0));
}

export function monthOf(date: string): string {
  return date.slice(0, 7);
}

export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** True when the inclusive ranges [aFrom, aTo] and [bFrom, bTo] share a day (null `to` = open). */
export function rangesOverlap(aFrom: string, aTo: string | null, bFrom: string, bTo: string | null): boolean {
  return (bTo === null || aFrom <= bTo) && (aTo === null || bFrom <= aTo);
}

import { todayIso } from '@epg/domain';

/** What choosing a version needs of it: its number and when it was adopted. */
export interface AdoptedVersion {
  version: number;
  createdAt: Date;
}

/** The day a version was adopted (UTC, like every date the graph writes). */
export function adoptedOn(version: AdoptedVersion): string {
  return todayIso(version.createdAt);
}

/**
 * The version of one set in force on `date` (as-of previews, 追溯): the latest version adopted on or
 * before that day — an amendment governs from its adoption until the next one. A date before the
 * first version was recorded gets the first version: sets are often recorded after the years they
 * govern (the shipped sets A–D were), and the first version is then the only account of them.
 * Null only for an empty list.
 */
export function versionInForce<T extends AdoptedVersion>(versions: readonly T[], date: string): T | null {
  const ordered = [...versions].sort((a, b) => a.version - b.version);
  let chosen: T | null = ordered[0] ?? null;
  for (const v of ordered) if (adoptedOn(v) <= date) chosen = v;
  return chosen;
}

/** Whether a version covers an academic year (its own years: an amendment may change them). */
export function coversYear(version: { fromYear: number; toYear: number | null }, academicYear: number): boolean {
  return version.fromYear <= academicYear && (version.toYear === null || version.toYear >= academicYear);
}

/**
 * The set governing a school on `date` for `academicYear`: per set (region and code) the version in
 * force that day, kept when it covers the year; of those, the most specific region wins (sets never
 * add up), then the later start year — the rule `findGoverningPolicySet` applies to current versions.
 */
export function governingVersionOn<T extends AdoptedVersion & { regionCode: string; code: string; regionPrefix: string; fromYear: number; toYear: number | null }>(
  versions: readonly T[],
  date: string,
  academicYear: number,
): T | null {
  const bySet = new Map<string, T[]>();
  for (const v of versions) {
    const key = `${v.regionCode}|${v.code}`;
    bySet.set(key, [...(bySet.get(key) ?? []), v]);
  }
  const inForce = [...bySet.values()].map((vs) => versionInForce(vs, date)).filter((v): v is T => v !== null && coversYear(v, academicYear));
  inForce.sort((a, b) => b.regionPrefix.length - a.regionPrefix.length || b.fromYear - a.fromYear);
  return inForce[0] ?? null;
}

/**
 * How a read that needs the projection at most `maxAgeMs` old treats its age (pure):
 * - `fresh`: use it as it is;
 * - `refresh-ahead`: use it, and start a refresh in the background (older than
 *   `REFRESH_AHEAD_SHARE` of the limit), so that under steady load no read waits for one;
 * - `stale` (or never refreshed): wait for a refresh.
 */
export type FreshnessAction = 'fresh' | 'refresh-ahead' | 'stale';

export const REFRESH_AHEAD_SHARE = 0.6;

export function freshnessAction(ageMs: number | null, maxAgeMs: number): FreshnessAction {
  if (ageMs === null || ageMs > maxAgeMs) return 'stale';
  return ageMs > maxAgeMs * REFRESH_AHEAD_SHARE ? 'refresh-ahead' : 'fresh';
}

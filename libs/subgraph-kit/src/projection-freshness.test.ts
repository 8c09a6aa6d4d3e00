import { freshnessAction, REFRESH_AHEAD_SHARE } from './projection-freshness';

describe('projection freshness', () => {
  it('waits only when the projection is older than the limit or was never refreshed', () => {
    expect(freshnessAction(null, 5_000)).toBe('stale');
    expect(freshnessAction(5_001, 5_000)).toBe('stale');
    expect(freshnessAction(5_000, 5_000)).toBe('refresh-ahead');
    expect(freshnessAction(5_000 * REFRESH_AHEAD_SHARE + 1, 5_000)).toBe('refresh-ahead');
    expect(freshnessAction(5_000 * REFRESH_AHEAD_SHARE, 5_000)).toBe('fresh');
    expect(freshnessAction(0, 5_000)).toBe('fresh');
  });
});

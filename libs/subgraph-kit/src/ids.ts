import { isUuid } from '@epg/persistence';

export { isUuid };

/** The keys of a batch that could be ids (others resolve to null without reaching SQL). */
export function uuidKeys(keys: readonly string[]): string[] {
  return keys.filter(isUuid);
}

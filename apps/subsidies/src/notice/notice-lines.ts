import { maskIdNumber } from '@epg/domain';
import type { NoticeLine } from './notice.entity';

/** A line's identity on a posted list: who, which rule, how much. */
function keyOf(line: NoticeLine): string {
  // Re-masked: notices published before the mask changed hold the older form (see the resolver).
  return JSON.stringify([maskIdNumber(line.idNumberMasked), line.personName, line.ruleCode, line.amountFen]);
}

/** Whether two notices post the same lines (in any order): then a new notice would correct nothing. */
export function sameNoticeLines(a: readonly NoticeLine[], b: readonly NoticeLine[]): boolean {
  if (a.length !== b.length) return false;
  const left = a.map(keyOf).sort();
  const right = b.map(keyOf).sort();
  return left.every((key, i) => key === right[i]);
}

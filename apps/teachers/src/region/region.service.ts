import { monthSchema, type RegionCode } from '@epg/domain';
import { parseInput, type BaseContext } from '@epg/subgraph-kit';
import { allowancePayroll } from '../allowance/allowance.repository';
import { currentMonth } from '../allowance/allowance.rules';
import { teacherCountsFromRollup } from './region-figures.repository';

export interface TeacherStatsView {
  teachers: number;
  ruralTeachers: number;
  monthlyAllowanceFen: number;
}

/** Active teachers and the month's allowance of a region; null unless the caller may see the whole region. */
export async function teacherStats(ctx: BaseContext, regionCode: RegionCode, rawMonth: string | null | undefined): Promise<TeacherStatsView | null> {
  const month = rawMonth == null ? currentMonth() : parseInput(monthSchema, rawMonth, 'month');
  const data = ctx.data.reportOn(regionCode);
  if (data === null) return null;
  const [counts, payroll] = await Promise.all([teacherCountsFromRollup(data), allowancePayroll(data, month)]);
  return { ...counts, monthlyAllowanceFen: payroll.reduce((sum, tier) => sum + tier.totalFen, 0) };
}

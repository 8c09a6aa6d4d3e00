import { effectiveRegionPrefix } from '@epg/auth';
import { monthSchema } from '@epg/domain';
import { parseInput, type BaseContext } from '@epg/subgraph-kit';
import { allowancePayroll } from '../allowance/allowance.repository';
import { currentMonth } from '../allowance/allowance.rules';
import { countActiveTeachers } from '../teacher/teacher.repository';

export interface TeacherStatsView {
  teachers: number;
  ruralTeachers: number;
  monthlyAllowanceFen: number;
}

/** Active teachers and the month's allowance inside a region and the caller's scope; null when they do not overlap. */
export async function teacherStats(ctx: BaseContext, regionCode: string, rawMonth: string | null | undefined): Promise<TeacherStatsView | null> {
  const month = rawMonth == null ? currentMonth() : parseInput(monthSchema, rawMonth, 'month');
  const prefix = effectiveRegionPrefix(ctx.principal, regionCode);
  if (prefix === null) return null;
  const [counts, payroll] = await Promise.all([countActiveTeachers(ctx.dataSource, prefix), allowancePayroll(ctx.dataSource, prefix, month)]);
  return { ...counts, monthlyAllowanceFen: payroll.reduce((sum, tier) => sum + tier.totalFen, 0) };
}

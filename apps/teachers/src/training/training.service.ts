import { rate, regionCodeSchema, todayIso, type RegionCode } from '@epg/domain';
import { badUserInput, parsePageArgs, parseInput, write, type BaseContext, type Connection } from '@epg/subgraph-kit';
import { lockTeacher, teacherConnection } from '../teacher/teacher.service';
import { activeTeachersQuery } from '../teacher/teacher.repository';
import { trainingCoverageFromRollup } from '../region/region-figures.repository';
import type { TeacherEntity } from '../teacher/teacher.entity';
import { TrainingRecordEntity } from './training-record.entity';
import { trainingGroups } from './training.repository';
import {
  CYCLE_REQUIRED_HOURS,
  cycleHours,
  cycleStartYearSchema,
  recordTrainingSchema,
  trainingBreakdown,
  trainingCycle,
  trainingDateProblem,
  type TrainingBreakdown,
} from './training.rules';

export function recordTraining(ctx: BaseContext, rawInput: unknown): Promise<TrainingRecordEntity> {
  return write(ctx, { operation: 'recordTraining' }, async (tx) => {
    const input = parseInput(recordTrainingSchema, rawInput, 'input');
    const teacher = await lockTeacher(tx.data, input.teacherId);
    const problem = trainingDateProblem(input.completedOn, teacher.startedOn, teacher.leftOn, todayIso());
    if (problem) throw badUserInput(`input.completedOn: ${problem}`, [{ path: 'input.completedOn', message: problem }]);
    const repo = tx.manager.getRepository(TrainingRecordEntity);
    const record = await repo.save(
      repo.create({
        teacherId: teacher.id,
        level: input.level,
        title: input.title,
        hours: input.hours,
        completedOn: input.completedOn,
        regionCode: teacher.regionCode,
      }),
    );
    tx.audit({ operation: 'recordTraining', regionCode: record.regionCode, entityType: 'TrainingRecord', entityId: record.id, after: { ...record } });
    return record;
  });
}

export interface TrainingCoverageView {
  cycleStartYear: number;
  cycleEndYear: number;
  teachers: number;
  trained: number;
  rate: number | null;
  personTimes: number;
  requiredHours: number;
  /**
   * Hours and person-times by year and level: read only when a field of them is asked for (the
   * dashboard asks for none). Grouping a county's training records by year and level was ~80% of
   * the database's active time under the 37-county dashboard load (issue 24 profile).
   */
  breakdown(): Promise<TrainingBreakdown>;
}

/** Coverage of a region over a cycle; null unless the caller may see the whole region. */
export async function teacherTrainingCoverage(
  ctx: BaseContext,
  regionCode: RegionCode,
  rawCycleStartYear: number,
): Promise<TrainingCoverageView | null> {
  const startYear = parseInput(cycleStartYearSchema, rawCycleStartYear, 'cycleStartYear');
  const data = ctx.data.reportOn(regionCode);
  if (data === null) return null;
  const cycle = trainingCycle(startYear);
  const counts = await trainingCoverageFromRollup(data, cycle.startYear);
  let breakdown: Promise<TrainingBreakdown> | undefined;
  return {
    cycleStartYear: cycle.startYear,
    cycleEndYear: cycle.endYear,
    ...counts,
    rate: rate(counts.trained, counts.teachers),
    requiredHours: CYCLE_REQUIRED_HOURS,
    breakdown: () => (breakdown ??= trainingGroups(data, cycle.from, cycle.to).then((rows) => trainingBreakdown(rows, cycle.startYear))),
  };
}

/**
 * Active teachers of a region short of the cycle's hours (a 1-hour session does not take a
 * teacher off the list), by name (a planning list): the
 * region narrowed to the caller's scope, FORBIDDEN when the two do not overlap.
 */
export function untrainedTeachers(
  ctx: BaseContext,
  args: { regionCode: string; cycleStartYear: number; first: number; after?: string | null },
): Promise<Connection<TeacherEntity>> {
  const regionCode = parseInput(regionCodeSchema, args.regionCode, 'regionCode');
  const startYear = parseInput(cycleStartYearSchema, args.cycleStartYear, 'cycleStartYear');
  const data = ctx.data.narrowTo(regionCode);
  const page = parsePageArgs(args);
  const cycle = trainingCycle(startYear);
  const query = activeTeachersQuery(data, (qb) =>
    qb.andWhere(
      '(SELECT coalesce(sum(r.hours), 0) FROM training_record r WHERE r.teacher_id = t.id AND r.completed_on BETWEEN :cycleFrom AND :cycleTo) < :requiredHours',
      { cycleFrom: cycle.from, cycleTo: cycle.to, requiredHours: CYCLE_REQUIRED_HOURS },
    ),
  );
  return teacherConnection(query, page);
}

/** A teacher's training hours in a cycle, from the trainings the request already loads. */
export function teacherTrainingHours(trainings: readonly TrainingRecordEntity[], rawCycleStartYear: number): number {
  const cycle = trainingCycle(parseInput(cycleStartYearSchema, rawCycleStartYear, 'cycleStartYear'));
  return cycleHours(trainings, cycle);
}

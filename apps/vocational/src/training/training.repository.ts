import { isUuid, type ScopedData } from '@epg/persistence';
import type { SkillsTrainingKind } from '@epg/domain';
import { SkillsTrainingEntity } from './training.entity';
import type { TrainingOutcomeCounts } from './outcomes.rules';

/** Trainings of many people inside the scope (one statement), latest first. */
export function findTrainingsOfPeople(data: ScopedData, personIds: readonly string[]): Promise<SkillsTrainingEntity[]> {
  const keys = personIds.filter(isUuid);
  if (keys.length === 0) return Promise.resolve([]);
  return data
    .repository(SkillsTrainingEntity)
    .query('t')
    .andWhere('t.person_id = ANY(:ids::uuid[])', { ids: keys })
    .orderBy('t.completed_on', 'DESC')
    .addOrderBy('t.id')
    .getMany();
}

/**
 * Trainings completed in calendar year `year` inside the scope (the trainee's village when
 * recorded), counted by kind with their follow-up: one statement. The scope owns `$1`.
 */
export async function countTrainingOutcomes(data: ScopedData, year: number): Promise<TrainingOutcomeCounts[]> {
  const rows = await data.query<{ kind: SkillsTrainingKind; trained: number; employed: number; not_employed: number }>(
    (region) => `SELECT t.kind, count(*)::int AS trained,
            count(*) FILTER (WHERE t.employed_after IS TRUE)::int AS employed,
            count(*) FILTER (WHERE t.employed_after IS FALSE)::int AS not_employed
       FROM skills_training t
      WHERE ${region('t.region_code')} AND t.completed_on >= make_date($2, 1, 1) AND t.completed_on < make_date($2 + 1, 1, 1)
      GROUP BY t.kind`,
    [year],
  );
  return rows.map((r) => ({ kind: r.kind, trained: r.trained, employed: r.employed, notEmployed: r.not_employed }));
}

import { isUuid, type ScopedData } from '@epg/persistence';
import { SkillsTrainingEntity } from './training.entity';

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

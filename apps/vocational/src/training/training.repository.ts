import type { DataSource } from 'typeorm';
import { escapeLike, isUuid } from '@epg/persistence';
import { SkillsTrainingEntity } from './training.entity';

/** Trainings of many people inside `regionPrefix` (one statement), latest first. */
export function findTrainingsOfPeople(dataSource: DataSource, personIds: readonly string[], regionPrefix: string): Promise<SkillsTrainingEntity[]> {
  const keys = personIds.filter(isUuid);
  if (keys.length === 0) return Promise.resolve([]);
  return dataSource
    .getRepository(SkillsTrainingEntity)
    .createQueryBuilder('t')
    .where('t.person_id = ANY(:ids::uuid[])', { ids: keys })
    .andWhere('t.region_code LIKE :prefix', { prefix: `${escapeLike(regionPrefix)}%` })
    .orderBy('t.completed_on', 'DESC')
    .addOrderBy('t.id')
    .getMany();
}

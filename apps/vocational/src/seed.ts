import type { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { demoVocationalData } from '@epg/demo';
import { NonContinuingGraduateEntity, VocationalEnrolmentEntity } from './enrolment/enrolment.entity';
import { VocationalProgramEntity } from './program/program.entity';
import { SkillsTrainingEntity } from './training/training.entity';

/** Multi-row INSERT … ON CONFLICT DO NOTHING in chunks: replaying the seed changes nothing. */
async function insertMissing<T extends ObjectLiteral>(manager: EntityManager, target: EntityTarget<T>, rows: readonly object[], chunk = 1000) {
  for (let i = 0; i < rows.length; i += chunk) {
    await manager
      .createQueryBuilder()
      .insert()
      .into(target)
      .values(rows.slice(i, i + chunk) as never)
      .orIgnore()
      .execute();
  }
}

/**
 * The vocational demo (programmes of 芦溪县职业中等专业学校, enrolments, graduates' outcomes,
 * adults' skills trainings, 两后生 flags), with stable ids: idempotent and deterministic.
 * It cannot read the projection (the gateway is not up at seed time), so it uses the demo
 * households directly.
 */
export async function seedDemoVocational(dataSource: DataSource): Promise<void> {
  const data = demoVocationalData();
  await dataSource.transaction(async (manager) => {
    await insertMissing(manager, VocationalProgramEntity, data.programs);
    await insertMissing(manager, VocationalEnrolmentEntity, data.enrolments);
    await insertMissing(manager, SkillsTrainingEntity, data.trainings);
    await insertMissing(manager, NonContinuingGraduateEntity, data.nonContinuingGraduates);
  });
}

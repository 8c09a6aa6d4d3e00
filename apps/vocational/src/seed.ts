import type { DataSource } from 'typeorm';
import { insertInChunks } from '@epg/persistence';
import { demoVocationalData } from '@epg/demo';
import { NonContinuingGraduateEntity, VocationalEnrolmentEntity } from './enrolment/enrolment.entity';
import { VocationalProgramEntity } from './program/program.entity';
import { SkillsTrainingEntity } from './training/training.entity';

/**
 * The vocational demo (programmes of 芦溪县职业中等专业学校, enrolments, graduates' outcomes,
 * adults' skills trainings, 两后生 flags), with stable ids: idempotent and deterministic.
 * It cannot read the projection (the gateway is not up at seed time), so it uses the demo
 * households directly.
 */
export async function seedDemoVocational(dataSource: DataSource): Promise<void> {
  const data = demoVocationalData();
  await dataSource.transaction(async (manager) => {
    await insertInChunks(manager, VocationalProgramEntity, data.programs, { skipExisting: true });
    await insertInChunks(manager, VocationalEnrolmentEntity, data.enrolments, { skipExisting: true });
    await insertInChunks(manager, SkillsTrainingEntity, data.trainings, { skipExisting: true });
    await insertInChunks(manager, NonContinuingGraduateEntity, data.nonContinuingGraduates, { skipExisting: true });
  });
}

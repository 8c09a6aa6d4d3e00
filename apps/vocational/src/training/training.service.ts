import { assertCanWrite } from '@epg/auth';
import { recordAudit } from '@epg/persistence';
import { badUserInput, parseInput, type BaseContext } from '@epg/subgraph-kit';
import { lookUpPerson } from '../person/person-lookup';
import { SkillsTrainingEntity } from './training.entity';
import { trainingAgeIssue, trainingInputSchema } from './training.rules';

/** Records a skills training of a person of a registered household inside the caller's region. */
export async function recordSkillsTraining(ctx: BaseContext, input: unknown): Promise<SkillsTrainingEntity> {
  assertCanWrite(ctx.principal);
  const valid = parseInput(trainingInputSchema(), input, 'input');
  const person = await lookUpPerson(ctx, valid.personId, 'input.personId');
  const issue = trainingAgeIssue(valid.kind, person.birthDate, valid.completedOn);
  if (issue) throw badUserInput(`input.personId: ${issue}`, [{ path: 'input.personId', message: issue }]);
  return ctx.dataSource.transaction(async (manager) => {
    const inserted = await manager.insert(SkillsTrainingEntity, {
      personId: person.id,
      regionCode: person.villageCode,
      kind: valid.kind,
      hours: valid.hours,
      completedOn: valid.completedOn,
      certificate: valid.certificate,
      employedAfter: valid.employedAfter,
    });
    const training = await manager.findOneByOrFail(SkillsTrainingEntity, { id: (inserted.identifiers[0] as { id: string }).id });
    await recordAudit(manager, ctx, { operation: 'recordSkillsTraining', entityType: 'SkillsTraining', entityId: training.id, after: training });
    return training;
  });
}

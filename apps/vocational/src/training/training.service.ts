import { badUserInput, parseInput, write, type BaseContext } from '@epg/subgraph-kit';
import { lookUpPerson } from '../person/person-lookup';
import { insertInScope } from '../shared/insert';
import { SkillsTrainingEntity } from './training.entity';
import { trainingAgeIssue, trainingInputSchema } from './training.rules';

/** Records a skills training of a person of a registered household inside the caller's region. */
export function recordSkillsTraining(ctx: BaseContext, input: unknown): Promise<SkillsTrainingEntity> {
  return write(ctx, { operation: 'recordSkillsTraining' }, async (tx) => {
    const valid = parseInput(trainingInputSchema(), input, 'input');
    const person = await lookUpPerson(ctx, valid.personId, 'input.personId');
    const issue = trainingAgeIssue(valid.kind, person.birthDate, valid.completedOn);
    if (issue) throw badUserInput(`input.personId: ${issue}`, [{ path: 'input.personId', message: issue }]);
    const training = await insertInScope(tx.data, SkillsTrainingEntity, {
      personId: person.id,
      regionCode: person.villageCode,
      kind: valid.kind,
      hours: valid.hours,
      completedOn: valid.completedOn,
      certificate: valid.certificate,
      employedAfter: valid.employedAfter,
    });
    tx.audit({ operation: 'recordSkillsTraining', regionCode: training.regionCode, entityType: 'SkillsTraining', entityId: training.id, after: training });
    return training;
  });
}

import { birthDatePrecision } from '@epg/auth';
import { badUserInput, openWrite, parseInput, type BaseContext } from '@epg/subgraph-kit';
import { lookUpPerson } from '../person/person-lookup';
import { insertInScope } from '../shared/insert';
import { SkillsTrainingEntity } from './training.entity';
import { trainingAgeIssue, trainingInputSchema } from './training.rules';

/** Records a skills training of a person of a registered household inside the caller's region. */
export async function recordSkillsTraining(ctx: BaseContext, input: unknown): Promise<SkillsTrainingEntity> {
  // Rights first; the person is read through the graph before the transaction.
  const record = openWrite(ctx, { operation: 'recordSkillsTraining' });
  const valid = parseInput(trainingInputSchema(), input, 'input');
  const person = await lookUpPerson(ctx, valid.personId, 'input.personId');
  // The age rules use the birth day only for a caller who may see it (no birth-date oracle).
  const issue = trainingAgeIssue(valid.kind, person.birthDate, valid.completedOn, birthDatePrecision(ctx.principal));
  if (issue) throw badUserInput(`input.personId: ${issue}`, [{ path: 'input.personId', message: issue }]);
  return record.run(async (tx) => {
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

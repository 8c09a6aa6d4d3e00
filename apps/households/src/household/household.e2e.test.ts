import { makeIdNumber } from '@epg/domain';
import { startTestGraph, type TestGraph } from '@epg/testing';
import { HouseholdEntity } from './household.entity';
import { PersonEntity } from './person.entity';

const PERSON = /* GraphQL */ `
  query Person($id: ID!) {
    person(id: $id) { name idNumberMasked household { registrationNumber village { code name } } }
  }
`;

describe('households service skeleton', () => {
  let graph: TestGraph;
  let person: PersonEntity;
  const idNumber = makeIdNumber('360323', '2012-05-06', 21);

  beforeAll(async () => {
    graph = await startTestGraph();
    const dataSource = graph.services.get('households')!.dataSource;
    const household = await dataSource
      .getRepository(HouseholdEntity)
      .save({ registrationNumber: '3603231010001', villageCode: '360323101' } as HouseholdEntity);
    person = await dataSource
      .getRepository(PersonEntity)
      .save({ householdId: household.id, name: '张小明', idNumber, villageCode: '360323101' } as PersonEntity);
  });
  afterAll(() => graph?.stop());

  it('serves a person with a masked ID number and the household village', async () => {
    const token = await graph.token({ role: 'TOWNSHIP', regionCode: '360323101' });
    const result = await graph.graphql(PERSON, { id: person.id }, token);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      person: {
        name: '张小明',
        idNumberMasked: `360323********${idNumber.slice(-4)}`,
        household: { registrationNumber: '3603231010001', village: { code: '360323101', name: '宣风镇' } },
      },
    });
  });

  it('returns nothing to a neighbouring township, even by id', async () => {
    const token = await graph.token({ role: 'TOWNSHIP', regionCode: '360323102' });
    const result = await graph.graphql(PERSON, { id: person.id }, token);
    expect(result.data).toEqual({ person: null });
  });
});

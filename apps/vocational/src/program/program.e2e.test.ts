import { startTestGraph, type TestGraph } from '@epg/testing';
import { SchoolEntity } from '../../../schools/src/school/school.entity';
import { VocationalProgramEntity } from './program.entity';

const PROGRAM = /* GraphQL */ `
  query Program($id: ID!) {
    vocationalProgram(id: $id) { major agricultural durationYears school { name } }
  }
`;

describe('vocational service skeleton', () => {
  let graph: TestGraph;
  let program: VocationalProgramEntity;

  beforeAll(async () => {
    graph = await startTestGraph();
    const school = await graph.services
      .get('schools')!
      .dataSource.getRepository(SchoolEntity)
      .save({ code: '2136032321', name: '芦溪县职业中学', type: 'SECONDARY_VOCATIONAL', ownership: 'PUBLIC', regionCode: '360323100', inPovertyArea: true } as SchoolEntity);
    program = await graph.services
      .get('vocational')!
      .dataSource.getRepository(VocationalProgramEntity)
      .save({ schoolId: school.id, regionCode: '360323100', major: '现代农艺技术', agricultural: true, durationYears: 3 } as VocationalProgramEntity);
  });
  afterAll(() => graph?.stop());

  it('serves a programme with its school from the schools service', async () => {
    const token = await graph.token({ role: 'CITY', regionCode: '360300' });
    const result = await graph.graphql(PROGRAM, { id: program.id }, token);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      vocationalProgram: { major: '现代农艺技术', agricultural: true, durationYears: 3, school: { name: '芦溪县职业中学' } },
    });
  });

  it('hides it from another province', async () => {
    const token = await graph.token({ role: 'PROVINCE', regionCode: '620000' });
    const result = await graph.graphql(PROGRAM, { id: program.id }, token);
    expect(result.data).toEqual({ vocationalProgram: null });
  });
});

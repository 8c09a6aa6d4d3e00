import { startTestGraph, type TestGraph } from '@epg/testing';
import { SchoolEntity } from './school.entity';

const SCHOOL = /* GraphQL */ `
  query School($id: ID!) {
    school(id: $id) { id code name type ownership inPovertyArea region { code name } }
  }
`;

describe('schools service skeleton', () => {
  let graph: TestGraph;
  let luxi: SchoolEntity;
  let wuhan: SchoolEntity;

  beforeAll(async () => {
    graph = await startTestGraph();
    const schools = graph.services.get('schools')!.dataSource.getRepository(SchoolEntity);
    [luxi, wuhan] = await schools.save([
      { code: '2136032391', name: '宣风镇中心小学', type: 'PRIMARY', ownership: 'PUBLIC', regionCode: '360323101', inPovertyArea: true },
      { code: '2142010291', name: '武汉某小学', type: 'PRIMARY', ownership: 'PUBLIC', regionCode: '420102001', inPovertyArea: false },
    ] as SchoolEntity[]) as [SchoolEntity, SchoolEntity];
  });
  afterAll(() => graph?.stop());

  it('serves a school in scope, with its region resolved by the households service', async () => {
    const token = await graph.token({ role: 'COUNTY', regionCode: '360323' });
    const result = await graph.graphql(SCHOOL, { id: luxi.id }, token);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      school: {
        id: luxi.id,
        code: '2136032391',
        name: '宣风镇中心小学',
        type: 'PRIMARY',
        ownership: 'PUBLIC',
        inPovertyArea: true,
        region: { code: '360323101', name: '宣风镇' },
      },
    });
  });

  it('returns nothing for a school outside the caller region, even by id', async () => {
    const token = await graph.token({ role: 'COUNTY', regionCode: '360323' });
    const result = await graph.graphql(SCHOOL, { id: wuhan.id }, token);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ school: null });
  });

  it('treats a malformed id as a missing row', async () => {
    const token = await graph.token({ role: 'PROVINCE', regionCode: '360000' });
    const result = await graph.graphql(SCHOOL, { id: 'not-a-uuid' }, token);
    expect(result.data).toEqual({ school: null });
  });
});

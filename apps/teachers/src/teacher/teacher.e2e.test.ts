import { startTestGraph, type TestGraph } from '@epg/testing';
import { SchoolEntity } from '../../../schools/src/school/school.entity';
import { TeacherEntity } from './teacher.entity';

const SCHOOL_TEACHERS = /* GraphQL */ `
  query SchoolTeachers($a: ID!, $b: ID!) {
    a: school(id: $a) { name teachers { name postType rural } }
    b: school(id: $b) { name teachers { name } }
  }
`;

describe('teachers service skeleton', () => {
  let graph: TestGraph;
  let schoolIds: string[];
  let teacher: TeacherEntity;

  beforeAll(async () => {
    graph = await startTestGraph();
    // Fixtures written straight into each service's own schema, as each service's demo data would be.
    const schools = await graph.services
      .get('schools')!
      .dataSource.getRepository(SchoolEntity)
      .save([
        { code: '2136032311', name: '上埠镇中学', type: 'JUNIOR_SECONDARY', ownership: 'PUBLIC', regionCode: '360323102', inPovertyArea: true },
        { code: '2136032312', name: '南坑镇小学', type: 'PRIMARY', ownership: 'PUBLIC', regionCode: '360323103', inPovertyArea: true },
      ] as SchoolEntity[]);
    schoolIds = schools.map((s) => s.id);
    const teachers = graph.services.get('teachers')!.dataSource.getRepository(TeacherEntity);
    [teacher] = await teachers.save([
      { name: '李老师', schoolId: schoolIds[0], regionCode: '360323102', postType: 'SPECIAL_POST', rural: true },
      { name: '王老师', schoolId: schoolIds[0], regionCode: '360323102', postType: 'REGULAR', rural: true },
      { name: '赵老师', schoolId: schoolIds[1], regionCode: '360323103', postType: 'DIRECTED', rural: true },
    ] as TeacherEntity[]) as [TeacherEntity];
  });
  afterAll(() => graph?.stop());

  it('adds the staff of each school with one SQL statement per subgraph fetch', async () => {
    const token = await graph.token({ role: 'COUNTY', regionCode: '360323' });
    const sql = graph.services.get('teachers')!.sql;
    sql.reset();
    const result = await graph.graphql(SCHOOL_TEACHERS, { a: schoolIds[0], b: schoolIds[1] }, token);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      a: {
        name: '上埠镇中学',
        teachers: [
          { name: '李老师', postType: 'SPECIAL_POST', rural: true },
          { name: '王老师', postType: 'REGULAR', rural: true },
        ].sort((x, y) => x.name.localeCompare(y.name)),
      },
      b: { name: '南坑镇小学', teachers: [{ name: '赵老师' }] },
    });
    // The query plan fetches each alias's school entities separately: one statement each.
    expect(sql.total).toBe(2);
  });

  it('shows a township officer only the teachers of its township', async () => {
    const token = await graph.token({ role: 'TOWNSHIP', regionCode: '360323103' });
    const result = await graph.graphql(`query($id: ID!) { teacher(id: $id) { name } }`, { id: teacher.id }, token);
    expect(result.data).toEqual({ teacher: null });
  });
});

import { AuditEntry } from '@epg/persistence';
import { defineSubgraph, loadTypeDefs, mergeResolvers } from '@epg/subgraph-kit';
import { createTeachersContext } from './context';
import { migrations } from './migrations';
import { TeacherEntity } from './teacher/teacher.entity';
import { teacherResolvers } from './teacher/teacher.resolvers';

/** The teachers and training service: rural teachers, allowances, training, exchanges. */
export const teachersSubgraph = defineSubgraph({
  name: 'teachers',
  typeDefs: loadTypeDefs(__dirname),
  resolvers: mergeResolvers(teacherResolvers),
  entities: [AuditEntry, TeacherEntity],
  migrations,
  extendContext: createTeachersContext,
});

import { AuditEntry } from '@epg/persistence';
import { defineSubgraph, loadTypeDefs, mergeResolvers } from '@epg/subgraph-kit';
import { createSchoolsContext } from './context';
import { migrations } from './migrations';
import { SchoolEntity } from './school/school.entity';
import { schoolResolvers } from './school/school.resolvers';
import { seedDemoSchools } from './school/school.seed';

/** The schools and facilities service: school register, enrolment, facilities, dropout control. */
export const schoolsSubgraph = defineSubgraph({
  name: 'schools',
  typeDefs: loadTypeDefs(__dirname),
  resolvers: mergeResolvers(schoolResolvers),
  entities: [AuditEntry, SchoolEntity],
  migrations,
  extendContext: createSchoolsContext,
  seedDemo: ({ dataSource }) => seedDemoSchools(dataSource),
});

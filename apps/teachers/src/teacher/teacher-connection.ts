import type { Connection } from '@epg/subgraph-kit';
import type { TeacherEntity } from './teacher.entity';

/** A page of teachers as the resolvers return it (totalCount is a thunk run on demand). */
export type TeacherConnectionModel = Connection<TeacherEntity>;

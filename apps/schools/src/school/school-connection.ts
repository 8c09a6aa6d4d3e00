import type { Connection } from '@epg/subgraph-kit';
import type { SchoolEntity } from './school.entity';

export type SchoolConnectionValue = Connection<SchoolEntity>;

import type { Connection } from '@epg/subgraph-kit';
import type { EnrolmentEntity } from './enrolment.entity';

export type EnrolmentConnectionValue = Connection<EnrolmentEntity>;

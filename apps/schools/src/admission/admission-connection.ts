import type { Connection } from '@epg/subgraph-kit';
import type { UniversityAdmissionEntity } from './admission.entity';

export type UniversityAdmissionConnectionValue = Connection<UniversityAdmissionEntity>;

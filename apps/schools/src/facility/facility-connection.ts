import type { Connection } from '@epg/subgraph-kit';
import type { FacilityGapEntity, ProjectEntity } from './facility.entity';

export type FacilityGapConnectionValue = Connection<FacilityGapEntity>;
export type ProjectConnectionValue = Connection<ProjectEntity>;

import type { Connection } from '@epg/subgraph-kit';
import type { DropoutCaseEntity } from './dropout.entity';

export type DropoutCaseConnectionValue = Connection<DropoutCaseEntity>;

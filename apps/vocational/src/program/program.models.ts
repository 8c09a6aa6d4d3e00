import type { Connection } from '@epg/subgraph-kit';
import type { VocationalProgramEntity } from './program.entity';

/** What the vocationalPrograms query returns: totalCount is counted only when asked for. */
export type VocationalProgramConnectionModel = Connection<VocationalProgramEntity>;

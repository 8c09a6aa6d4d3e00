import type { Connection } from '@epg/subgraph-kit';
import type { NonContinuingGraduateRow } from './enrolment.repository';

/** What twoAfterStudentsNotEnrolled returns: totalCount is counted only when asked for. */
export type NonContinuingGraduateConnectionModel = Connection<NonContinuingGraduateRow>;

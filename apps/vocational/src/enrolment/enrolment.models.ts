import type { Connection } from '@epg/subgraph-kit';
import type { VocationalEnrolmentEntity } from './enrolment.entity';
import type { NonContinuingGraduateRow } from './enrolment.repository';

/** What twoAfterStudentsNotEnrolled returns: totalCount is counted only when asked for. */
export type NonContinuingGraduateConnectionModel = Connection<NonContinuingGraduateRow>;

/** What vocationalEnrolments returns: totalCount is counted only when asked for. */
export type VocationalEnrolmentConnectionModel = Connection<VocationalEnrolmentEntity>;

import type { Connection } from '@epg/subgraph-kit';
import type { EntitlementEntity } from './entitlement.entities';
import type { CoverageGapRow } from './entitlement.repository';
import type { PresenceExceptionRow } from './presence.repository';

export type EntitlementConnectionModel = Connection<EntitlementEntity>;
export type CoverageGapConnectionModel = Connection<CoverageGapRow>;
export type CoverageGapModel = CoverageGapRow;
export type PresenceExceptionConnectionModel = Connection<PresenceExceptionRow>;
/** A reference to an entity another service owns. */
export interface Ref {
  id: string;
}
export interface RegionRef {
  code: string;
}

import type { Connection } from '@epg/subgraph-kit';
import type { PolicySetEntity } from './policy-set.entity';

/** A set (region and code) with every version, oldest first. */
export interface PolicySetHistoryModel {
  regionCode: string;
  code: string;
  versions: PolicySetEntity[];
}

export type PolicySetHistoryConnectionModel = Connection<PolicySetHistoryModel>;

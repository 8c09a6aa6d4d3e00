import { regionScopePrefix } from '@epg/auth';
import { oneByKey, type BaseContext } from '@epg/subgraph-kit';
import { findProgramsByIds } from './program/program.repository';

/** Per-request context of the vocational service: batched, region-scoped loaders. */
export function createVocationalContext(base: BaseContext) {
  const { dataSource } = base;
  const scope = regionScopePrefix(base.principal);
  return {
    ...base,
    loaders: {
      program: oneByKey((ids: readonly string[]) => findProgramsByIds(dataSource, ids, scope), (p) => p.id),
    },
  };
}

export type VocationalContext = ReturnType<typeof createVocationalContext>;

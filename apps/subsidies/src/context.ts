import type { BaseContext } from '@epg/subgraph-kit';

/** Per-request context of the subsidies service. */
export function createSubsidiesContext(base: BaseContext) {
  return { ...base };
}

export type SubsidiesContext = ReturnType<typeof createSubsidiesContext>;

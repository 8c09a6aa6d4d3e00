import type { RegionCode } from '@epg/domain';
import { badField, type BaseContext } from '@epg/subgraph-kit';

/** A region as the schools service knows it: a reference by code (owned by households). */
export interface RegionRef {
  code: string;
}

const REGION_ON_REGISTER = /* GraphQL */ `
  query SchoolsRegionOnRegister($code: String!) {
    region(code: $code) { code }
  }
`;

interface RegionOnRegister {
  region: { code: string } | null;
}

/**
 * Refuses a region code no region on the register carries (BAD_USER_INPUT at `path`).
 *
 * Schools keeps no copy of the region list: households owns it, and a school is registered or
 * moved rarely, so one lookup through the graph (`region(code:)`, a SERVICE credential scoped to
 * the caller's region) is cheaper and fresher than a projection of every region. The caller has
 * already checked the code lies inside its scope, so "not visible" means "not on the register".
 * Call it outside the write's transaction (`openWrite`): no lock is held across the call.
 */
export async function assertRegionOnRegister(ctx: BaseContext, code: RegionCode, path: string): Promise<void> {
  const data = await ctx.serviceGraph.request<RegionOnRegister, { code: string }>(REGION_ON_REGISTER, { code }, ctx.principal.regionCode);
  if (data.region?.code === code) return;
  const message = `no region ${code} on the register (行政区划): a school lies in a township or village the registry knows`;
  throw badField(path, message);
}

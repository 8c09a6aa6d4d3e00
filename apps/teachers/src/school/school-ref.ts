import { assertRegionInScope } from '@epg/auth';
import { parseRegionCode, type RegionCode } from '@epg/domain';
import { badUserInput, type BaseContext } from '@epg/subgraph-kit';

/** A school as the teachers service knows it: a reference by id. */
export interface SchoolRef {
  id: string;
}

export interface SchoolFacts {
  id: string;
  regionCode: RegionCode;
}

const SCHOOL_REGION = /* GraphQL */ `
  query TeachersSchoolRegion($id: ID!) {
    school(id: $id) { id region { code } }
  }
`;

interface SchoolRegionResult {
  school: { id: string; region: { code: string } | null } | null;
}

/**
 * The region of a school, asked of the schools service through the graph (never its tables)
 * with the caller's region scope: a school outside it, or unknown, is a bad input. A write to the
 * school's region checks it lies inside the caller's scope here (FORBIDDEN otherwise).
 */
export async function lookUpSchool(ctx: BaseContext, schoolId: string, path: string): Promise<SchoolFacts> {
  const result = await ctx.serviceGraph.request<SchoolRegionResult, { id: string }>(
    SCHOOL_REGION,
    { id: schoolId },
    ctx.principal.regionCode,
  );
  const served = result.school?.region?.code;
  if (!result.school || !served) {
    throw badUserInput('school not found in your region', [{ path, message: 'school not found in your region' }]);
  }
  // The schools service validated the code when it stored it.
  const regionCode = parseRegionCode(served);
  assertRegionInScope(ctx.principal, regionCode);
  return { id: result.school.id, regionCode };
}

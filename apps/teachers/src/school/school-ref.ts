import { assertRegionInScope } from '@epg/auth';
import { badUserInput, type BaseContext } from '@epg/subgraph-kit';

/** A school as the teachers service knows it: a reference by id. */
export interface SchoolRef {
  id: string;
}

export interface SchoolFacts {
  id: string;
  regionCode: string;
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
 * with the caller's region scope: a school outside it, or unknown, is a bad input.
 */
export async function lookUpSchool(ctx: BaseContext, schoolId: string, path: string): Promise<SchoolFacts> {
  const result = await ctx.serviceGraph.request<SchoolRegionResult, { id: string }>(
    SCHOOL_REGION,
    { id: schoolId },
    ctx.principal.regionCode,
  );
  const regionCode = result.school?.region?.code;
  if (!result.school || !regionCode) {
    throw badUserInput('school not found in your region', [{ path, message: 'school not found in your region' }]);
  }
  assertRegionInScope(ctx.principal, regionCode);
  return { id: result.school.id, regionCode };
}

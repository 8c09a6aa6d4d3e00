import { isRegionCode, type RegionCode } from '@epg/domain';
import { isUuid } from '@epg/persistence';
import { badField, type BaseContext } from '@epg/subgraph-kit';

export const SCHOOL_FACTS = /* GraphQL */ `
  query VocationalSchoolFacts($id: ID!) {
    school(id: $id) { id type region { code } }
  }
`;

interface SchoolFactsData {
  school: { id: string; type: string; region: { code: string } | null } | null;
}

/** Pure: why a school cannot host a vocational programme, or null when it can. */
export function schoolRefusal(school: SchoolFactsData['school']): string | null {
  if (!school || !school.region) return 'school not found in your region';
  if (school.type !== 'SECONDARY_VOCATIONAL') return `a ${school.type} school cannot offer vocational programmes (SECONDARY_VOCATIONAL only)`;
  return null;
}

/**
 * The region of a secondary vocational school inside the caller's scope, read from the schools
 * service through the graph; BAD_USER_INPUT on `path` otherwise.
 */
export async function lookUpVocationalSchool(ctx: BaseContext, id: string, path: string): Promise<{ id: string; regionCode: RegionCode }> {
  const refuse = (message: string) => badField(path, message);
  if (!isUuid(id)) throw refuse('school not found in your region');
  const data = await ctx.serviceGraph.request<SchoolFactsData, { id: string }>(SCHOOL_FACTS, { id }, ctx.principal.regionCode);
  const refusal = schoolRefusal(data.school);
  if (refusal) throw refuse(refusal);
  const regionCode = data.school!.region!.code;
  if (!isRegionCode(regionCode) || !ctx.scope.contains(regionCode)) throw refuse('school not found in your region');
  return { id: data.school!.id, regionCode };
}

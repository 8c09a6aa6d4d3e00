import { isRegionCode, type RegionCode } from '@epg/domain';
import { isUuid } from '@epg/persistence';
import { badField, type BaseContext } from '@epg/subgraph-kit';

/** What a write needs to know about a person, read from the households service through the graph. */
export interface PersonFacts {
  id: string;
  birthDate: string;
  householdId: string;
  villageCode: RegionCode;
}

export const PERSON_FACTS = /* GraphQL */ `
  query VocationalPersonFacts($id: ID!) {
    person(id: $id) { id birthDate household { id village { code } } }
  }
`;

interface PersonFactsData {
  person: { id: string; birthDate: string; household: { id: string; village: { code: string } | null } | null } | null;
}

/**
 * The person with `id` inside the caller's region (read with a SERVICE credential scoped to the
 * caller's region), or BAD_USER_INPUT on `path` when there is none.
 */
export async function lookUpPerson(ctx: BaseContext, id: string, path: string): Promise<PersonFacts> {
  const missing = () => badField(path, 'person not found in your region');
  if (!isUuid(id)) throw missing();
  const data = await ctx.serviceGraph.request<PersonFactsData, { id: string }>(PERSON_FACTS, { id }, ctx.principal.regionCode);
  const person = data.person;
  const villageCode = person?.household?.village?.code;
  if (!person || !person.household || !villageCode || !isRegionCode(villageCode) || !ctx.scope.contains(villageCode)) throw missing();
  return { id: person.id, birthDate: person.birthDate, householdId: person.household.id, villageCode };
}

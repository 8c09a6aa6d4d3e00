import type { BaseContext } from '@epg/subgraph-kit';
import type { EndedSchoolRecord } from './ledger-agreement.rules';

export const PERSON_SCHOOL_RECORDS = /* GraphQL */ `
  query VocationalPersonSchoolRecords($id: ID!) {
    person(id: $id) { id enrolments { id academicYear stage status endedOn school { id } } }
  }
`;

interface PersonSchoolRecordsData {
  person: { id: string; enrolments: { id: string; academicYear: number; stage: string; status: string; endedOn: string | null; school: { id: string } | null }[] | null } | null;
}

/**
 * The person's 学籍 records at schools inside the caller's region, read from the schools service
 * (the owner of 学籍) through the graph with a SERVICE credential scoped to the caller's region.
 */
export async function lookUpSchoolRecords(ctx: BaseContext, personId: string): Promise<EndedSchoolRecord[]> {
  const data = await ctx.serviceGraph.request<PersonSchoolRecordsData, { id: string }>(PERSON_SCHOOL_RECORDS, { id: personId }, ctx.principal.regionCode);
  return (data.person?.enrolments ?? []).map((r) => ({ id: r.id, academicYear: r.academicYear, stage: r.stage, status: r.status, schoolId: r.school?.id ?? null, endedOn: r.endedOn }));
}

import type { TestGraph } from '@epg/testing';

export interface SchoolRow {
  code: string;
  name: string;
  type: string;
  ownership: string;
  regionCode: string;
  inPovertyArea: boolean;
}

/**
 * Puts schools on the register straight in the schools service's table, with plain SQL: the graph
 * has no mutation that creates a school, and a test of another service does not use the schools
 * app's entity classes. Returns their ids, in the order given.
 */
export async function insertSchools(graph: TestGraph, schools: SchoolRow[]): Promise<string[]> {
  const rows = (await graph.services.get('schools')!.dataSource.query(
    `INSERT INTO schools.school (code, name, type, ownership, region_code, in_poverty_area)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::boolean[])
     RETURNING id, code`,
    [
      schools.map((s) => s.code),
      schools.map((s) => s.name),
      schools.map((s) => s.type),
      schools.map((s) => s.ownership),
      schools.map((s) => s.regionCode),
      schools.map((s) => s.inPovertyArea),
    ],
  )) as { id: string; code: string }[];
  const ids = new Map(rows.map((r) => [r.code, r.id]));
  return schools.map((s) => ids.get(s.code)!);
}

import type { DataSource } from 'typeorm';
import { maskIdNumber, type Gender, type HouseholdCategory, type HouseholdStatus, type Relation } from '@epg/domain';
import { escapeLike, feedOrder, feedPositionColumns, feedWindowConditions, type FeedPosition } from '@epg/persistence';

export interface PersonChangeRow {
  personId: string;
  householdId: string;
  villageCode: string;
  name: string;
  gender: Gender;
  birthDate: string;
  hasDisability: boolean;
  relationToHead: Relation;
  householdStatus: HouseholdStatus;
  householdCategory: HouseholdCategory;
  householdExitedOn: string | null;
  idNumberMasked: string;
  removed: boolean;
  changedAt: Date;
  changeXid: string;
  changeSeq: string;
}

/** One page of the person change feed (see libs/persistence change-feed.ts for the ordering). */
export async function readPersonChanges(
  dataSource: DataSource,
  prefix: string,
  after: FeedPosition | null,
  since: string | null,
  limit: number,
): Promise<PersonChangeRow[]> {
  const params: unknown[] = [`${escapeLike(prefix)}%`, limit];
  const conditions = [`p.village_code LIKE $1`, ...feedWindowConditions('p', after, params)];
  if (since) {
    params.push(since);
    conditions.push(`p.changed_at >= $${params.length}::timestamptz`);
  }
  // A county or smaller (tens of thousands of people) is read region first — its rows'
  // feed positions through person_village_idx, behind an OFFSET 0 fence so the planner cannot
  // walk person_change_idx instead — then sorted: walking the whole feed in change order to find
  // a county's rows scans every later change of the province (0.9 s per empty page at province
  // scale, issue 9). A province or city, most of the feed, is read in change order.
  const regionFirst = prefix.length >= 6;
  const source = regionFirst
    ? `(SELECT p.id FROM (SELECT p.id, p.change_xid, p.change_seq, p.changed_at FROM person p WHERE p.village_code LIKE $1 OFFSET 0) p
         WHERE ${conditions.slice(1).join(' AND ')} ORDER BY ${feedOrder('p')} LIMIT $2) k JOIN person p ON p.id = k.id`
    : 'person p';
  const where = regionFirst ? 'true' : conditions.join(' AND ');
  const rows: (Omit<PersonChangeRow, 'idNumberMasked'> & { idNumber: string })[] = await dataSource.query(
    `SELECT p.id AS "personId", p.household_id AS "householdId", p.village_code AS "villageCode", p.name,
            p.gender, p.birth_date AS "birthDate", p.has_disability AS "hasDisability",
            p.relation_to_head AS "relationToHead", p.id_number AS "idNumber", h.status AS "householdStatus", h.category AS "householdCategory",
            CASE WHEN h.status = 'EXITED' THEN h.last_exited_on END AS "householdExitedOn",
            NOT p.live AS removed, p.changed_at AS "changedAt", ${feedPositionColumns('p')}
       FROM ${source} JOIN household h ON h.id = p.household_id
      WHERE ${where}
      ORDER BY ${feedOrder('p')}
      LIMIT $2`,
    params,
  );
  // The full number never leaves this service in the feed: only its masked form.
  return rows.map(({ idNumber, ...row }) => ({ ...row, idNumberMasked: maskIdNumber(idNumber) }));
}

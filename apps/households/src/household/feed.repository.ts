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
  const rows: (Omit<PersonChangeRow, 'idNumberMasked'> & { idNumber: string })[] = await dataSource.query(
    `SELECT p.id AS "personId", p.household_id AS "householdId", p.village_code AS "villageCode", p.name,
            p.gender, p.birth_date AS "birthDate", p.has_disability AS "hasDisability",
            p.relation_to_head AS "relationToHead", p.id_number AS "idNumber", h.status AS "householdStatus", h.category AS "householdCategory",
            CASE WHEN h.status = 'EXITED' THEN h.last_exited_on END AS "householdExitedOn",
            NOT p.live AS removed, p.changed_at AS "changedAt", ${feedPositionColumns('p')}
       FROM person p JOIN household h ON h.id = p.household_id
      WHERE ${conditions.join(' AND ')}
      ORDER BY ${feedOrder('p')}
      LIMIT $2`,
    params,
  );
  // The full number never leaves this service in the feed: only its masked form.
  return rows.map(({ idNumber, ...row }) => ({ ...row, idNumberMasked: maskIdNumber(idNumber) }));
}

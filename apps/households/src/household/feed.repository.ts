import type { DataSource } from 'typeorm';
import type { Gender, HouseholdCategory, HouseholdStatus, Relation } from '@epg/domain';
import { escapeLike } from '@epg/persistence';

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
  removed: boolean;
  changedAt: Date;
  changeXid: string;
  changeSeq: string;
}

export interface FeedPosition {
  xid: string;
  seq: string;
}

/**
 * One page of the person change feed, ordered by (transaction id, sequence). Only rows of
 * transactions older than every running one are returned (`pg_snapshot_xmin`), so a change
 * committed late can never land behind a cursor a reader already holds.
 */
export async function readPersonChanges(
  dataSource: DataSource,
  prefix: string,
  after: FeedPosition | null,
  since: string | null,
  limit: number,
): Promise<PersonChangeRow[]> {
  const params: unknown[] = [`${escapeLike(prefix)}%`, limit];
  const conditions = [`p.village_code LIKE $1`, `p.change_xid < pg_snapshot_xmin(pg_current_snapshot())`];
  if (after) {
    params.push(after.xid, after.seq);
    conditions.push(`(p.change_xid, p.change_seq) > ($${params.length - 1}::xid8, $${params.length}::bigint)`);
  }
  if (since) {
    params.push(since);
    conditions.push(`p.changed_at >= $${params.length}::timestamptz`);
  }
  return dataSource.query(
    `SELECT p.id AS "personId", p.household_id AS "householdId", p.village_code AS "villageCode", p.name,
            p.gender, p.birth_date AS "birthDate", p.has_disability AS "hasDisability",
            p.relation_to_head AS "relationToHead", h.status AS "householdStatus", h.category AS "householdCategory",
            CASE WHEN h.status = 'EXITED' THEN h.last_exited_on END AS "householdExitedOn",
            NOT p.live AS removed, p.changed_at AS "changedAt",
            p.change_xid::text AS "changeXid", p.change_seq::text AS "changeSeq"
       FROM person p JOIN household h ON h.id = p.household_id
      WHERE ${conditions.join(' AND ')}
      ORDER BY p.change_xid, p.change_seq
      LIMIT $2`,
    params,
  );
}

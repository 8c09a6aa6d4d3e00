import type { DataSource } from 'typeorm';
import { maskIdNumber, type Gender, type HouseholdCategory, type HouseholdStatus, type Relation } from '@epg/domain';
import { escapeLike, feedOrder, feedPositionColumns, feedWindowConditions, type FeedPosition } from '@epg/persistence';
import { feedRowsChunkSql, type FeedRowsChunk } from '@epg/subgraph-kit';

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

/** The fields of a bulk feed row (`personChangeRows`), in order: every field of `PersonChange`. */
export const PERSON_CHANGE_COLUMNS = [
  'personId', 'householdId', 'villageCode', 'name', 'idNumberMasked', 'gender', 'birthDate', 'hasDisability',
  'relationToHead', 'householdStatus', 'householdCategory', 'householdExitedOn', 'removed', 'changedAt',
] as const satisfies readonly (keyof PersonChangeRow)[];

interface FeedQuery {
  /** The FROM clause: `person p` (or the region-first subquery joined to it) joined to `household h`. */
  from: string;
  where: string;
  params: unknown[];
}

/**
 * The rows of a person feed page (see libs/persistence change-feed.ts for the ordering). Params:
 * $1 the region pattern, $2 the limit, then the window's.
 */
function personFeedQuery(prefix: string, after: FeedPosition | null, since: string | null, limit: number): FeedQuery {
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
  return { from: `${source} JOIN household h ON h.id = p.household_id`, where: regionFirst ? 'true' : conditions.join(' AND '), params };
}

/** One page of the person change feed. */
export async function readPersonChanges(
  dataSource: DataSource,
  prefix: string,
  after: FeedPosition | null,
  since: string | null,
  limit: number,
): Promise<PersonChangeRow[]> {
  const { from, where, params } = personFeedQuery(prefix, after, since, limit);
  const rows: (Omit<PersonChangeRow, 'idNumberMasked'> & { idNumber: string })[] = await dataSource.query(
    `SELECT p.id AS "personId", p.household_id AS "householdId", p.village_code AS "villageCode", p.name,
            p.gender, p.birth_date AS "birthDate", p.has_disability AS "hasDisability",
            p.relation_to_head AS "relationToHead", p.id_number AS "idNumber", h.status AS "householdStatus", h.category AS "householdCategory",
            CASE WHEN h.status = 'EXITED' THEN h.last_exited_on END AS "householdExitedOn",
            NOT p.live AS removed, p.changed_at AS "changedAt", ${feedPositionColumns('p')}
       FROM ${from}
      WHERE ${where}
      ORDER BY ${feedOrder('p')}
      LIMIT $2`,
    params,
  );
  // The full number never leaves this service in the feed: only its masked form.
  return rows.map(({ idNumber, ...row }) => ({ ...row, idNumberMasked: maskIdNumber(idNumber) }));
}

/**
 * The same page in bulk form (`personChangeRows`): PostgreSQL writes the tuples — PERSON_CHANGE_COLUMNS,
 * in order, valued as `personChanges` answers them — so no row becomes a JavaScript object here.
 */
export async function readPersonChangeRows(
  dataSource: DataSource,
  prefix: string,
  after: FeedPosition | null,
  since: string | null,
  first: number,
): Promise<FeedRowsChunk> {
  const { from, where, params } = personFeedQuery(prefix, after, since, first + 1);
  params.push(first);
  const page = `SELECT p.change_xid, p.change_seq, json_build_array(
            p.id, p.household_id, p.village_code, p.name,
            -- maskIdNumber (libs/domain): first 6 and last 4 characters; the full number never leaves in the feed.
            CASE WHEN length(p.id_number) <= 10 THEN repeat('*', length(p.id_number))
                 ELSE left(p.id_number, 6) || repeat('*', length(p.id_number) - 10) || right(p.id_number, 4) END,
            p.gender, p.birth_date, p.has_disability, p.relation_to_head, h.status, h.category,
            CASE WHEN h.status = 'EXITED' THEN h.last_exited_on END, NOT p.live,
            ${isoInstant('p.changed_at')}) AS feed_row
       FROM ${from}
      WHERE ${where}
      ORDER BY ${feedOrder('p')}
      LIMIT $2`;
  const [chunk]: FeedRowsChunk[] = await dataSource.query(feedRowsChunkSql(page, `$${params.length}`), params);
  return chunk!;
}

/** A timestamptz as the DateTime scalar writes it (`toISOString`: UTC, milliseconds, `Z`). */
function isoInstant(column: string): string {
  return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

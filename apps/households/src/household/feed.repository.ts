import { maskIdNumber, type Gender, type HouseholdCategory, type HouseholdStatus, type Relation } from '@epg/domain';
import { feedOrder, feedPositionColumns, feedWindowConditions, type FeedPosition, type RegionPredicate, type ScopedData } from '@epg/persistence';
import { feedRowsChunkSql, type FeedRowsChunk } from '@epg/subgraph-kit';

/** A feed row as read; the resolver derives what the caller may see of the birth date. */
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
  householdStatusHistory: { status: HouseholdStatus; on: string }[];
  changeXid: string;
  changeSeq: string;
}

/**
 * The fields of a bulk feed row (`personChangeRows`), in order: every field of `PersonChange` but
 * `birthYear` (the bulk form is for SERVICE credentials, who see the full `birthDate`; its readers
 * check the column list, so it stays as they know it).
 */
export const PERSON_CHANGE_COLUMNS = [
  'personId', 'householdId', 'villageCode', 'name', 'idNumberMasked', 'gender', 'birthDate', 'hasDisability',
  'relationToHead', 'householdStatus', 'householdCategory', 'householdExitedOn', 'removed', 'changedAt', 'householdStatusHistory',
] as const satisfies readonly (keyof PersonChangeRow)[];

interface FeedQuery {
  /** The statement's own parameters, from $2 ($1 is the scope's region pattern, bound by `ScopedData.query`). */
  params: unknown[];
  /**
   * The FROM clause (`person p`, or the region-first subquery joined to it, joined to `household h`)
   * and the WHERE clause, around the scope's region predicate.
   */
  clauses(region: RegionPredicate): { from: string; where: string };
}

/** The household's dated status history (oldest first) as a JSON array of {status, on}, of household `h`. */
const STATUS_HISTORY = `(SELECT coalesce(json_agg(json_build_object('status', s.status, 'on', s.on_date) ORDER BY s.on_date, s.id), '[]'::json)
     FROM household_status_change s WHERE s.household_id = h.id)`;

/** Stands for $1 (the scope's pattern) while the statement's own parameters are numbered. */
const SCOPE_PATTERN = Symbol('$1: the scope pattern');

/**
 * The rows of a person feed page inside the scope of `data` (see libs/persistence change-feed.ts
 * for the ordering). Params: $1 the region pattern, $2 the limit, then the window's.
 */
function personFeedQuery(data: ScopedData, after: FeedPosition | null, since: string | null, limit: number): FeedQuery {
  const params: unknown[] = [SCOPE_PATTERN, limit];
  const window = feedWindowConditions('p', after, params);
  if (since) {
    params.push(since);
    window.push(`p.changed_at >= $${params.length}::timestamptz`);
  }
  // A county or smaller (tens of thousands of people) is read region first — its rows'
  // feed positions through person_village_idx, behind an OFFSET 0 fence so the planner cannot
  // walk person_change_idx instead — then sorted: walking the whole feed in change order to find
  // a county's rows scans every later change of the province (0.9 s per empty page at province
  // scale, issue 9). A province or city, most of the feed, is read in change order.
  const regionFirst = data.scope.prefix !== null && data.scope.prefix.length >= 6;
  return {
    params: params.slice(1),
    clauses: (region) => {
      if (!regionFirst) return { from: 'person p JOIN household h ON h.id = p.household_id', where: [region('p.village_code'), ...window].join(' AND ') };
      const source = `(SELECT p.id FROM (SELECT p.id, p.change_xid, p.change_seq, p.changed_at FROM person p WHERE ${region('p.village_code')} OFFSET 0) p
         WHERE ${window.join(' AND ')} ORDER BY ${feedOrder('p')} LIMIT $2) k JOIN person p ON p.id = k.id`;
      return { from: `${source} JOIN household h ON h.id = p.household_id`, where: 'true' };
    },
  };
}

/** One page of the person change feed, inside the scope of `data`. */
export async function readPersonChanges(
  data: ScopedData,
  after: FeedPosition | null,
  since: string | null,
  limit: number,
): Promise<PersonChangeRow[]> {
  const query = personFeedQuery(data, after, since, limit);
  const rows = await data.query<Omit<PersonChangeRow, 'idNumberMasked'> & { idNumber: string }>((region) => {
    const { from, where } = query.clauses(region);
    return `SELECT p.id AS "personId", p.household_id AS "householdId", p.village_code AS "villageCode", p.name,
            p.gender, p.birth_date AS "birthDate", p.has_disability AS "hasDisability",
            p.relation_to_head AS "relationToHead", p.id_number AS "idNumber", h.status AS "householdStatus", h.category AS "householdCategory",
            CASE WHEN h.status = 'EXITED' THEN h.last_exited_on END AS "householdExitedOn",
            NOT p.live AS removed, p.changed_at AS "changedAt", ${STATUS_HISTORY} AS "householdStatusHistory", ${feedPositionColumns('p')}
       FROM ${from}
      WHERE ${where}
      ORDER BY ${feedOrder('p')}
      LIMIT $2`;
  }, query.params);
  // The full number never leaves this service in the feed: only its masked form.
  return rows.map(({ idNumber, ...row }) => ({ ...row, idNumberMasked: maskIdNumber(idNumber) }));
}

/**
 * The same page in bulk form (`personChangeRows`): PostgreSQL writes the tuples — PERSON_CHANGE_COLUMNS,
 * in order, valued as `personChanges` answers them — so no row becomes a JavaScript object here.
 */
export async function readPersonChangeRows(
  data: ScopedData,
  after: FeedPosition | null,
  since: string | null,
  first: number,
): Promise<FeedRowsChunk> {
  const query = personFeedQuery(data, after, since, first + 1);
  const params = [...query.params, first];
  const firstParam = `$${params.length + 1}`; // after $1, the scope's pattern
  const [chunk] = await data.query<FeedRowsChunk>((region) => {
    const { from, where } = query.clauses(region);
    const page = `SELECT p.change_xid, p.change_seq, json_build_array(
            p.id, p.household_id, p.village_code, p.name,
            -- maskIdNumber (libs/domain): first 4 and last 4 characters; the full number never leaves in the feed.
            CASE WHEN length(p.id_number) <= 8 THEN repeat('*', length(p.id_number))
                 ELSE left(p.id_number, 4) || repeat('*', length(p.id_number) - 8) || right(p.id_number, 4) END,
            p.gender, p.birth_date, p.has_disability, p.relation_to_head, h.status, h.category,
            CASE WHEN h.status = 'EXITED' THEN h.last_exited_on END, NOT p.live,
            ${isoInstant('p.changed_at')}, ${STATUS_HISTORY}) AS feed_row
       FROM ${from}
      WHERE ${where}
      ORDER BY ${feedOrder('p')}
      LIMIT $2`;
    return feedRowsChunkSql(page, firstParam);
  }, params);
  return chunk!;
}

/** A timestamptz as the DateTime scalar writes it (`toISOString`: UTC, milliseconds, `Z`). */
function isoInstant(column: string): string {
  return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

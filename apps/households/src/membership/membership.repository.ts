import type { Relation } from '@epg/domain';
import type { ScopedData } from '@epg/persistence';
import type { EntityManager } from 'typeorm';
import type { MembershipReason } from './membership.rules';

/** One stay of a person in a household, as the graph answers it. */
export interface Stay {
  id: string;
  personId: string;
  householdId: string;
  villageCode: string;
  relationToHead: Relation;
  from: string;
  joinedReason: MembershipReason;
  to: string | null;
  leftReason: MembershipReason | null;
  note: string | null;
}

const STORED = `SELECT m.id::text AS id, m.person_id AS "personId", m.household_id AS "householdId", m.village_code AS "villageCode",
       m.relation_to_head AS "relationToHead", to_char(m.from_on, 'YYYY-MM-DD') AS "from", m.joined_reason AS "joinedReason",
       to_char(m.to_on, 'YYYY-MM-DD') AS "to", m.left_reason AS "leftReason", m.note
  FROM household_membership m`;

/**
 * The implicit stay of a person with no stored row (registered before the membership history, or
 * by a bulk load): in their household since it was identified (`REGISTERED`).
 */
const IMPLICIT = `SELECT 'registered:' || p.id AS id, p.id AS "personId", p.household_id AS "householdId", p.village_code AS "villageCode",
       p.relation_to_head AS "relationToHead", to_char(h.identified_on, 'YYYY-MM-DD') AS "from", 'REGISTERED' AS "joinedReason",
       NULL::text AS "to", NULL::text AS "leftReason", NULL::text AS note
  FROM person p JOIN household h ON h.id = p.household_id`;
const NO_STORED_STAY = `NOT EXISTS (SELECT 1 FROM household_membership x WHERE x.person_id = p.id)`;

/** The stays of people inside the scope of `data` (stays in households outside it are left out), oldest first. */
export function findStaysOfPeople(data: ScopedData, personIds: readonly string[]): Promise<Stay[]> {
  return data.query<Stay>(
    (region) => `${STORED} WHERE ${region('m.village_code')} AND m.person_id = ANY($2::uuid[])
      UNION ALL ${IMPLICIT} WHERE ${region('p.village_code')} AND p.id = ANY($2::uuid[]) AND ${NO_STORED_STAY}
      ORDER BY "from", id`,
    [personIds],
  );
}

/** Every stay in households inside the scope of `data`: past members included, oldest first. */
export function findStaysInHouseholds(data: ScopedData, householdIds: readonly string[]): Promise<Stay[]> {
  return data.query<Stay>(
    (region) => `${STORED} WHERE ${region('m.village_code')} AND m.household_id = ANY($2::uuid[])
      UNION ALL ${IMPLICIT} WHERE ${region('p.village_code')} AND p.household_id = ANY($2::uuid[]) AND ${NO_STORED_STAY}
      ORDER BY "from", id`,
    [householdIds],
  );
}

/** The day a person joined their current household: their open stay, else their household's identification. */
export async function currentStaySince(manager: EntityManager, personId: string): Promise<string> {
  const [row] = await manager.query(
    `SELECT to_char(coalesce(
        (SELECT m.from_on FROM household_membership m WHERE m.person_id = p.id AND m.to_on IS NULL),
        (SELECT max(m.to_on) FROM household_membership m WHERE m.person_id = p.id),
        h.identified_on), 'YYYY-MM-DD') AS since
       FROM person p JOIN household h ON h.id = p.household_id WHERE p.id = $1`,
    [personId],
  );
  return row.since as string;
}

/** Writes out the implicit stay (see IMPLICIT) of those of these people who have no stored row yet. */
export async function writeOutImplicitStays(manager: EntityManager, personIds: readonly string[]): Promise<void> {
  if (personIds.length === 0) return;
  await manager.query(
    `INSERT INTO household_membership (person_id, household_id, village_code, relation_to_head, from_on, joined_reason, recorded_by)
     SELECT p.id, p.household_id, p.village_code, p.relation_to_head, h.identified_on, 'REGISTERED', 'registry'
       FROM person p JOIN household h ON h.id = p.household_id
      WHERE p.id = ANY($1::uuid[]) AND ${NO_STORED_STAY}`,
    [personIds],
  );
}

/**
 * Ends the open stays of these people on `on` (a stay of a REMOVED household ended, at the latest,
 * when its household was: never after the new one starts; never before it began).
 */
export async function endStays(
  manager: EntityManager,
  personIds: readonly string[],
  end: { on: string; reason: MembershipReason; note: string | null },
): Promise<void> {
  if (personIds.length === 0) return;
  await writeOutImplicitStays(manager, personIds);
  await manager.query(
    `UPDATE household_membership SET to_on = greatest(from_on, $2::date), left_reason = $3, note = coalesce($4, note)
      WHERE person_id = ANY($1::uuid[]) AND to_on IS NULL`,
    [personIds, end.on, end.reason, end.note],
  );
}

/** Opens a stay of each person in their (new) household. */
export async function startStays(
  manager: EntityManager,
  stays: { personId: string; householdId: string; villageCode: string; relationToHead: Relation; from: string; reason: MembershipReason; note: string | null }[],
  recordedBy: string,
): Promise<void> {
  if (stays.length === 0) return;
  await manager.query(
    `INSERT INTO household_membership (person_id, household_id, village_code, relation_to_head, from_on, joined_reason, note, recorded_by)
     SELECT s."personId", s."householdId", s."villageCode", s."relationToHead", s."from"::date, s.reason, s.note, $2
       FROM jsonb_to_recordset($1::jsonb) AS s("personId" uuid, "householdId" uuid, "villageCode" text, "relationToHead" text, "from" text, reason text, note text)`,
    [JSON.stringify(stays), recordedBy],
  );
}

/** A person the registry records as deceased: the day it was recorded and the village of their last household. */
export interface DeceasedRecord {
  diedOn: string;
  villageCode: string;
}

/**
 * The people among `idNumbers` the registry records as deceased — no longer live, their last stay
 * ended DECEASED — by ID number. Read ledger-wide through `ledger` (an unscoped identity read): a
 * death recorded in one county holds in every other.
 */
export async function deceasedByIdNumber(ledger: ScopedData, idNumbers: readonly string[]): Promise<Map<string, DeceasedRecord>> {
  if (idNumbers.length === 0) return new Map();
  const rows = await ledger.query<{ id_number: string; left_reason: string | null; died_on: string; village_code: string }>(
    (region) => `SELECT DISTINCT ON (p.id_number) p.id_number, m.left_reason, to_char(m.to_on, 'YYYY-MM-DD') AS died_on, p.village_code
      FROM person p JOIN household_membership m ON m.person_id = p.id
     WHERE ${region('p.village_code')} AND NOT p.live AND p.id_number = ANY($2)
     ORDER BY p.id_number, p.changed_at DESC, m.to_on DESC NULLS FIRST, m.id DESC`,
    [idNumbers],
  );
  return new Map(rows.filter((r) => r.left_reason === 'DECEASED').map((r) => [r.id_number, { diedOn: r.died_on, villageCode: r.village_code }]));
}

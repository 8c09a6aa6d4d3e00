import { randomUUID } from 'node:crypto';
import { maskIdNumber } from '@epg/domain';
import { insertInChunks, RegionScope, ScopedData, type AuditRecord } from '@epg/persistence';
import type { WriteTx } from '@epg/subgraph-kit';
import type { EntityManager } from 'typeorm';
import { deceasedByIdNumber, startStays, writeOutImplicitStays } from '../membership/membership.repository';
import { HouseholdEntity } from './household.entity';
import { StatusChangeEntity } from './ledger.entities';
import { PersonEntity } from './person.entity';
import type { RecordIssue, ValidRegistration } from './registration';

export type RejectionKind = 'invalid' | 'conflict' | 'forbidden';

export interface Rejection extends RecordIssue {
  index: number;
  kind: RejectionKind;
  /** For a member already registered elsewhere: that household. */
  household?: { id: string; registrationNumber: string };
}

export interface Candidate {
  index: number;
  record: ValidRegistration;
}

/**
 * The uniqueness rules of the ledger hold across every region (a registration number, or a live
 * member's ID number, registered in another province still conflicts): their two reads are the
 * named unscoped job below. What they find outside the caller's scope stays there: a conflict
 * names the household only when the caller's scope holds it (`duplicateMember`).
 */
const LEDGER_UNIQUENESS = RegionScope.unscoped('ledger-wide uniqueness of registration and ID numbers');

/**
 * The checks that need the ledger, for a whole batch in three statements: the village exists
 * and lies in the caller's scope (`data`), the registration number is new, and no member already
 * belongs to a live household (nor twice in the batch).
 */
export async function checkAgainstLedger(data: ScopedData, candidates: Candidate[]): Promise<Rejection[]> {
  if (candidates.length === 0) return [];
  const villageCodes = [...new Set(candidates.map((c) => c.record.villageCode))];
  const registrationNumbers = candidates.map((c) => c.record.registrationNumber);
  const idNumbers = candidates.flatMap((c) => c.record.members.map((m) => m.idNumber));
  const ledger = new ScopedData(data.manager, LEDGER_UNIQUENESS);
  // One connection per transaction: the reads run one after another.
  const villages = await data.query<{ code: string; level: string }>(
    (region) => `SELECT code, level FROM region WHERE ${region('code')} AND code = ANY($2)`,
    [villageCodes],
  );
  const existingNumbers = await ledger.query<{ registration_number: string }>(
    (region) => `SELECT registration_number FROM household WHERE ${region('village_code')} AND registration_number = ANY($2)`,
    [registrationNumbers],
  );
  const liveMembers = await ledger.query<{ id_number: string; id: string; registration_number: string; village_code: string }>(
    (region) => `SELECT p.id_number, h.id, h.registration_number, h.village_code FROM person p JOIN household h ON h.id = p.household_id
      WHERE ${region('p.village_code')} AND p.live AND p.id_number = ANY($2)`,
    [idNumbers],
  );
  const deceased = await deceasedByIdNumber(ledger, idNumbers);
  const villageLevel = new Map(villages.map((v) => [v.code, v.level]));
  const takenNumbers = new Set(existingNumbers.map((r) => r.registration_number));
  const memberOf = new Map(liveMembers.map((r) => [r.id_number, registeredHousehold(data, r)]));

  const rejections: Rejection[] = [];
  const batchNumbers = new Map<string, number>();
  const batchIds = new Map<string, number>();
  for (const { index, record } of candidates) {
    const issues: Rejection[] = [];
    if (!data.scope.contains(record.villageCode)) {
      issues.push({ index, kind: 'forbidden', field: 'villageCode', message: `village ${record.villageCode} is outside your region scope` });
    } else if (villageLevel.get(record.villageCode) !== 'VILLAGE') {
      issues.push({ index, kind: 'invalid', field: 'villageCode', message: `${record.villageCode} is not a registered village` });
    }
    if (takenNumbers.has(record.registrationNumber)) {
      issues.push({ index, kind: 'conflict', field: 'registrationNumber', message: `registration number ${record.registrationNumber} is already registered` });
    } else if (batchNumbers.has(record.registrationNumber)) {
      issues.push({ index, kind: 'conflict', field: 'registrationNumber', message: `the same registration number as record ${batchNumbers.get(record.registrationNumber)}` });
    }
    record.members.forEach((member, i) => {
      const existing = memberOf.get(member.idNumber);
      const death = deceased.get(member.idNumber);
      if (existing) {
        issues.push({ index, kind: 'conflict', field: `members.${i}.idNumber`, ...duplicateMember(member.name, existing) });
      } else if (death) {
        const message = deceasedMember(member.name, death.diedOn, data.scope.contains(death.villageCode));
        issues.push({ index, kind: 'conflict', field: `members.${i}.idNumber`, message });
      } else if (batchIds.has(member.idNumber)) {
        issues.push({ index, kind: 'conflict', field: `members.${i}.idNumber`, message: `the same person as in record ${batchIds.get(member.idNumber)}` });
      }
    });
    if (issues.length) {
      rejections.push(...issues);
      continue;
    }
    batchNumbers.set(record.registrationNumber, index);
    for (const member of record.members) batchIds.set(member.idNumber, index);
  }
  return rejections;
}

/** Where a live member is registered: their household when the caller's scope holds it, else nothing. */
type RegisteredHousehold = { inScope: true; id: string; registrationNumber: string } | { inScope: false };

/**
 * Decided from the row the uniqueness read returns anyway (no further read for either answer, so
 * the two take the same time): the household's village inside the caller's scope or not.
 */
function registeredHousehold(
  data: ScopedData,
  row: { id: string; registration_number: string; village_code: string },
): RegisteredHousehold {
  return data.scope.contains(row.village_code) ? { inScope: true, id: row.id, registrationNumber: row.registration_number } : { inScope: false };
}

/**
 * The answer to "this person is already registered". Inside the caller's scope it names the
 * household (they may read it anyway); outside it names nothing — no household, number or region —
 * so duplicate checks cannot tell a caller where in the country an ID number is registered (issue 18:
 * 1,000 candidate numbers sent to another province's import answered with their households).
 */
export function duplicateMember(name: string, registered: RegisteredHousehold): Pick<Rejection, 'message' | 'household'> {
  if (registered.inScope) {
    return {
      message: `${name} already belongs to household ${registered.registrationNumber}`,
      household: { id: registered.id, registrationNumber: registered.registrationNumber },
    };
  }
  return { message: `${name}: this person cannot be registered here; the county where they are registered must transfer them` };
}

/**
 * The answer to "this person is recorded deceased" (their last stay ended DECEASED): a death is not
 * undone by a registration, an import or a member add — their person id would come back to life in
 * every ledger that follows it (学籍, subsidies, vocational). Inside the caller's scope it says so,
 * with the date and the way to undo a death recorded in error (add them back with reason
 * CORRECTION); outside it, it is the same answer as for a live member there, so a caller cannot
 * tell whether a number outside their region belongs to someone alive.
 */
export function deceasedMember(name: string, diedOn: string, inScope: boolean): string {
  return inScope
    ? `${name} is recorded deceased on ${diedOn}; if that record is wrong, add them back with reason CORRECTION`
    : duplicateMember(name, { inScope: false }).message;
}

/**
 * Writes checked registrations: households, their first status (IDENTIFIED on the
 * identification date), members, and one audit entry each — a constant number of
 * statements per thousand households.
 */
export async function insertRegistrations(tx: WriteTx, recordedBy: string, records: ValidRegistration[]): Promise<string[]> {
  const { manager } = tx;
  const ids = records.map(() => randomUUID());
  await insertInChunks(
    manager,
    HouseholdEntity,
    records.map((r, i) => ({
      id: ids[i],
      registrationNumber: r.registrationNumber,
      villageCode: r.villageCode,
      category: r.category,
      povertyCauses: r.povertyCauses,
      annualIncomePerCapitaFen: r.annualIncomePerCapitaFen,
      incomeSources: r.incomeSources,
      identifiedOn: r.identifiedOn,
      status: 'IDENTIFIED',
      statusOn: r.identifiedOn,
      lastExitedOn: null,
      monitoringClass: null,
      riskFlags: [],
      monitoringCategory: null,
      monitoringSince: null,
      monitoringRisks: [],
      helperName: r.helper?.name ?? null,
      helperUnit: r.helper?.unit ?? null,
      helperPhone: r.helper?.phone ?? null,
    })),
  );
  await insertInChunks(
    manager,
    StatusChangeEntity,
    records.map((r, i) => ({ householdId: ids[i], status: 'IDENTIFIED', on: r.identifiedOn, reason: '建档立卡', recordedBy })),
  );
  const members = records.flatMap((r, i) =>
    r.members.map((m) => ({ ...m, householdId: ids[i]!, villageCode: r.villageCode, identifiedOn: r.identifiedOn })),
  );
  const earlier = await earlierIdentities(manager, members.map((m) => m.idNumber));
  const fresh = members.filter((m) => !earlier.has(m.idNumber));
  const returning = members.filter((m) => earlier.has(m.idNumber)).map((m) => ({ ...m, personId: earlier.get(m.idNumber)! }));
  await insertInChunks(
    manager,
    PersonEntity,
    fresh.map(({ identifiedOn: _identifiedOn, ...m }) => ({ ...m, live: true, labourSkills: [] })),
  );
  await relinkReturning(manager, recordedBy, returning);
  tx.audit(records.map((r, i) => registrationAudit(ids[i]!, r)));
  return ids;
}

/**
 * One person, one identity (issue 20 item 3): a registered ID number names the same person across
 * the registry's history. A live member elsewhere is refused (`checkAgainstLedger`: CONFLICT —
 * moving them is `moveHouseholdMember`'s job, never a side effect of a registration); a person
 * who is no longer live (their household REMOVED, or they left the registry) and is registered
 * again keeps their person id, so their 学籍, subsidies and vocational records follow them. Read
 * ledger-wide (the identity holds across regions), the latest row of each number when older data
 * holds several.
 */
async function earlierIdentities(manager: EntityManager, idNumbers: string[]): Promise<Map<string, string>> {
  if (idNumbers.length === 0) return new Map();
  const ledger = new ScopedData(manager, LEDGER_UNIQUENESS);
  const rows = await ledger.query<{ id: string; id_number: string }>(
    (region) => `SELECT DISTINCT ON (id_number) id, id_number FROM person
      WHERE ${region('village_code')} AND NOT live AND id_number = ANY($2) ORDER BY id_number, changed_at DESC, id`,
    [idNumbers],
  );
  return new Map(rows.map((r) => [r.id_number, r.id]));
}

/**
 * Re-attaches returning people to their new household (one statement), ending their earlier stay
 * and opening the new one from the new household's identification (REREGISTERED).
 */
async function relinkReturning(
  manager: EntityManager,
  recordedBy: string,
  returning: (ValidRegistration['members'][number] & { personId: string; householdId: string; villageCode: string; identifiedOn: string })[],
): Promise<void> {
  if (returning.length === 0) return;
  const personIds = returning.map((m) => m.personId);
  // A stay still open ended when its household was removed (清退): the day of its last status change.
  await writeOutImplicitStays(manager, personIds);
  await manager.query(
    `UPDATE household_membership m SET to_on = greatest(m.from_on, h.status_on), left_reason = 'HOUSEHOLD_REMOVED'
       FROM household h WHERE h.id = m.household_id AND m.person_id = ANY($1::uuid[]) AND m.to_on IS NULL`,
    [personIds],
  );
  await manager.query(
    `UPDATE person p SET household_id = v."householdId", village_code = v."villageCode", name = v.name,
            relation_to_head = v."relationToHead", has_disability = v."hasDisability", live = true, left_on = NULL
       FROM jsonb_to_recordset($1::jsonb) AS v("personId" uuid, "householdId" uuid, "villageCode" text, name text, "relationToHead" text, "hasDisability" boolean)
      WHERE p.id = v."personId"`,
    [JSON.stringify(returning)],
  );
  await startStays(
    manager,
    returning.map((m) => ({
      personId: m.personId, householdId: m.householdId, villageCode: m.villageCode, relationToHead: m.relationToHead,
      from: m.identifiedOn, reason: 'REREGISTERED' as const, note: null,
    })),
    recordedBy,
  );
}

/**
 * The audit entry of one registration. It never holds a full ID number: each member's number is
 * masked, and the birth date (the 8 characters the mask hides) is left out — it comes from the
 * number, and with it the masked number could be completed.
 */
function registrationAudit(householdId: string, record: ValidRegistration): AuditRecord {
  const members = record.members.map(({ idNumber, birthDate: _birthDate, ...member }) => ({ ...member, idNumberMasked: maskIdNumber(idNumber) }));
  return { operation: 'registerHousehold', regionCode: record.villageCode, entityType: 'Household', entityId: householdId, after: { ...record, members } };
}

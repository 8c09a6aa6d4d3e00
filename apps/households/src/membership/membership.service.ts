import { z } from 'zod';
import { isoDateSchema, maskIdNumber, relationSchema, todayIso, type Relation } from '@epg/domain';
import { isUuid, RegionScope, ScopedData } from '@epg/persistence';
import { badField, badFields, conflict, notFound, parseInput, write, type BaseContext, type WriteTx } from '@epg/subgraph-kit';
import { HouseholdEntity } from '../household/household.entity';
import { lockHousehold } from '../household/household.service';
import { PersonEntity } from '../household/person.entity';
import { checkMember, memberSchema } from '../household/registration';
import { deceasedMember, duplicateMember } from '../household/registration.repository';
import { currentStaySince, deceasedByIdNumber, endStays, startStays } from './membership.repository';
import { checkHeadOnLeaving, checkMembershipDate, checkReason, MEMBERSHIP_REASONS, type MembershipChange } from './membership.rules';

/**
 * Members join, leave and move between households keeping their person id (一人一档: one person,
 * one identity by ID number across the registry's history). Each change is dated, ends or starts
 * a stay in the membership history, and moves the person in the change feed — the projections of
 * schools, subsidies and vocational follow them by person id, with their new household and village.
 */
const noteSchema = z
  .string()
  .trim()
  .max(500, 'at most 500 characters')
  .nullish()
  .transform((v) => (v ? v : null));
const reasonSchema = z.enum(MEMBERSHIP_REASONS);


function checkChange(change: MembershipChange, args: { reason: (typeof MEMBERSHIP_REASONS)[number] }) {
  const wrong = checkReason(change, args.reason);
  if (wrong) throw badField('reason', wrong);
}

/** A current member (live, not left) of a household inside the caller's scope, locked; NOT_FOUND otherwise. */
async function lockMember(tx: WriteTx, personId: string): Promise<PersonEntity> {
  const person = isUuid(personId) ? await tx.data.repository(PersonEntity).findById(personId, { lock: true }) : null;
  if (!person) throw notFound(`person ${personId}`);
  if (!person.live || person.leftOn) throw badField('personId', 'this person is not a current member of a live household');
  return person;
}

/** The other current members of a household. */
function otherMembers(tx: WriteTx, householdId: string, personId: string): Promise<PersonEntity[]> {
  return tx.manager
    .createQueryBuilder(PersonEntity, 'p')
    .where('p.household_id = :householdId AND p.id <> :personId AND p.left_on IS NULL', { householdId, personId })
    .setLock('pessimistic_write')
    .getMany();
}

/** Checks the head rule for a leaving member and, when the head leaves, makes `newHeadId` head. */
async function handOverHead(tx: WriteTx, leaving: PersonEntity, newHeadId: string | null | undefined): Promise<void> {
  const remaining = await otherMembers(tx, leaving.householdId, leaving.id);
  const wrong = checkHeadOnLeaving(leaving, remaining, newHeadId);
  if (wrong) throw badField(wrong.field, wrong.message);
  if (leaving.relationToHead === 'HEAD') {
    const heir = remaining.find((m) => m.id === newHeadId)!;
    heir.relationToHead = 'HEAD';
    await tx.manager.save(heir);
  }
}

function checkNoSecondHead(members: readonly PersonEntity[], relation: Relation, field: string) {
  if (relation === 'HEAD' && members.some((m) => m.relationToHead === 'HEAD')) {
    throw badField(field, 'the household already has a head (户主); a household has exactly one');
  }
}

function checkLiveHousehold(household: HouseholdEntity, field: string) {
  if (household.status === 'REMOVED') throw badField(field, `household ${household.registrationNumber} is REMOVED (清退): it takes no members`);
}

function checkDate(on: string, facts: Parameters<typeof checkMembershipDate>[1]) {
  const wrong = checkMembershipDate(on, facts, todayIso());
  if (wrong) throw badField('on', wrong);
}

const addSchema = z.object({
  householdId: z.string(),
  member: memberSchema,
  on: isoDateSchema,
  reason: reasonSchema,
  note: noteSchema,
});

/** The ledger-wide reading of one ID number: whoever holds it, live or not (the latest row). */
const IDENTITY = RegionScope.unscoped('one person, one identity: who holds an ID number');

/**
 * Adds a member (a birth, a marriage, a move into the county, a correction). A person whose ID
 * number is held by a live member elsewhere is refused (CONFLICT: moving is `moveHouseholdMember`);
 * one who is no longer live returns with their person id.
 */
export function addHouseholdMember(ctx: BaseContext, rawArgs: unknown): Promise<PersonEntity> {
  return write(ctx, { operation: 'addHouseholdMember', onUniqueViolation: 'this person was registered at the same moment; retry to see where' }, async (tx) => {
    const args = parseInput(addSchema, rawArgs, 'arguments');
    checkChange('add', args);
    const checked = checkMember(args.member, todayIso(), 'member');
    if (!checked.ok) {
      const [first] = checked.issues;
      throw badFields(checked.issues.map((i) => ({ path: i.field, message: i.message })));
    }
    const member = checked.value;
    const household = await lockHousehold(tx, args.householdId);
    checkLiveHousehold(household, 'householdId');
    const members = await otherMembers(tx, household.id, '00000000-0000-0000-0000-000000000000');
    checkNoSecondHead(members, member.relationToHead, 'member.relationToHead');
    checkDate(args.on, { birthDate: member.birthDate, householdSince: household.identifiedOn });

    const ledger = new ScopedData(tx.manager, IDENTITY);
    const [holder] = await ledger.query<{ id: string; live: boolean; household_id: string; registration_number: string; village_code: string }>(
      (region) => `SELECT p.id, p.live, h.id AS household_id, h.registration_number, h.village_code FROM person p JOIN household h ON h.id = p.household_id
        WHERE ${region('p.village_code')} AND p.id_number = $2 ORDER BY p.live DESC, p.changed_at DESC, p.id LIMIT 1`,
      [member.idNumber],
    );
    if (holder?.live) {
      const registered = tx.data.scope.contains(holder.village_code)
        ? { inScope: true as const, id: holder.household_id, registrationNumber: holder.registration_number }
        : { inScope: false as const };
      const answer = duplicateMember(member.name, registered);
      throw conflict(`member.idNumber: ${answer.message}`, { field: 'member.idNumber', ...(answer.household ? { household: answer.household } : {}) });
    }
    const death = holder ? (await deceasedByIdNumber(ledger, [member.idNumber])).get(member.idNumber) : undefined;
    if (death && args.reason !== 'CORRECTION') {
      throw conflict(`member.idNumber: ${deceasedMember(member.name, death.diedOn, tx.data.scope.contains(death.villageCode))}`, { field: 'member.idNumber' });
    }
    let personId: string;
    if (holder) {
      // The same person, back on the registry: their id (and with it their records) is kept.
      personId = holder.id;
      await endStays(tx.manager, [personId], { on: args.on, reason: 'HOUSEHOLD_REMOVED', note: null });
      await tx.manager.update(PersonEntity, personId, {
        householdId: household.id, villageCode: household.villageCode, name: member.name, relationToHead: member.relationToHead,
        hasDisability: member.hasDisability, live: true, leftOn: null,
      });
    } else {
      const created = await tx.manager.save(
        tx.manager.create(PersonEntity, { ...member, householdId: household.id, villageCode: household.villageCode, live: true, leftOn: null, labourSkills: [] }),
      );
      personId = created.id;
    }
    await startStays(
      tx.manager,
      [{ personId, householdId: household.id, villageCode: household.villageCode, relationToHead: member.relationToHead, from: args.on, reason: args.reason, note: args.note }],
      ctx.principal.subject,
    );
    tx.audit({
      operation: 'addHouseholdMember',
      regionCode: household.villageCode,
      entityType: 'Person',
      entityId: personId,
      // Never the full number, nor the birth date that completes its mask.
      after: { householdId: household.id, name: member.name, idNumberMasked: maskIdNumber(member.idNumber), relationToHead: member.relationToHead, on: args.on, reason: args.reason, returning: Boolean(holder) },
    });
    return (await tx.data.repository(PersonEntity).findById(personId))!;
  });
}

const removeSchema = z.object({
  personId: z.string(),
  on: isoDateSchema,
  reason: reasonSchema,
  note: noteSchema,
  newHeadId: z.string().nullish(),
});

/** Removes a member from the registry (deceased, moved out, married out, a correction), dated; they keep their id. */
export function removeHouseholdMember(ctx: BaseContext, rawArgs: unknown): Promise<PersonEntity> {
  return write(ctx, { operation: 'removeHouseholdMember' }, async (tx) => {
    const args = parseInput(removeSchema, rawArgs, 'arguments');
    checkChange('remove', args);
    const person = await lockMember(tx, args.personId);
    const household = await lockHousehold(tx, person.householdId);
    checkDate(args.on, { birthDate: person.birthDate, since: await currentStaySince(tx.manager, person.id) });
    await handOverHead(tx, person, args.newHeadId);
    await endStays(tx.manager, [person.id], { on: args.on, reason: args.reason, note: args.note });
    person.leftOn = args.on;
    person.live = false;
    await tx.manager.save(person);
    tx.audit({
      operation: 'removeHouseholdMember',
      regionCode: household.villageCode,
      entityType: 'Person',
      entityId: person.id,
      before: { householdId: household.id, relationToHead: person.relationToHead },
      after: { leftOn: args.on, reason: args.reason, note: args.note, newHeadId: args.newHeadId ?? null },
    });
    return person;
  });
}

const moveSchema = z.object({
  personId: z.string(),
  toHouseholdId: z.string(),
  on: isoDateSchema,
  reason: reasonSchema,
  relationToHead: relationSchema,
  note: noteSchema,
  newHeadId: z.string().nullish(),
});

/**
 * Moves a member to another household (分户, marriage, a correction), both inside the caller's
 * scope: the person keeps their id; their household and village change in the feed.
 */
export function moveHouseholdMember(ctx: BaseContext, rawArgs: unknown): Promise<PersonEntity> {
  return write(ctx, { operation: 'moveHouseholdMember' }, async (tx) => {
    const args = parseInput(moveSchema, rawArgs, 'arguments');
    checkChange('move', args);
    const person = await lockMember(tx, args.personId);
    if (!isUuid(args.toHouseholdId)) throw notFound(`household ${args.toHouseholdId}`);
    if (args.toHouseholdId === person.householdId) throw badField('toHouseholdId', 'the person already belongs to this household');
    // Both households locked in id order, so two moves between the same pair cannot deadlock.
    const [firstId, secondId] = [person.householdId, args.toHouseholdId].sort();
    const locked = new Map([[firstId!, await lockHousehold(tx, firstId!)], [secondId!, await lockHousehold(tx, secondId!)]]);
    const from = locked.get(person.householdId)!;
    const to = locked.get(args.toHouseholdId)!;
    checkLiveHousehold(to, 'toHouseholdId');
    checkNoSecondHead(await otherMembers(tx, to.id, person.id), args.relationToHead, 'relationToHead');
    checkDate(args.on, { birthDate: person.birthDate, since: await currentStaySince(tx.manager, person.id), householdSince: to.identifiedOn });
    await handOverHead(tx, person, args.newHeadId);
    await endStays(tx.manager, [person.id], { on: args.on, reason: args.reason, note: args.note });
    const before = { householdId: from.id, villageCode: from.villageCode, relationToHead: person.relationToHead };
    person.householdId = to.id;
    person.villageCode = to.villageCode;
    person.relationToHead = args.relationToHead;
    await tx.manager.save(person);
    await startStays(
      tx.manager,
      [{ personId: person.id, householdId: to.id, villageCode: to.villageCode, relationToHead: args.relationToHead, from: args.on, reason: args.reason, note: args.note }],
      ctx.principal.subject,
    );
    const after = { householdId: to.id, villageCode: to.villageCode, relationToHead: args.relationToHead, on: args.on, reason: args.reason };
    // Both households' regions hold a record of the move.
    tx.audit([
      { operation: 'moveHouseholdMember', regionCode: from.villageCode, entityType: 'Person', entityId: person.id, before, after },
      ...(to.villageCode !== from.villageCode
        ? [{ operation: 'moveHouseholdMember', regionCode: to.villageCode, entityType: 'Person', entityId: person.id, before, after }]
        : []),
    ]);
    return person;
  });
}

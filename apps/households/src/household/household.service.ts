import { z } from 'zod';
import { forbidden } from '@epg/auth';
import {
  checkStatusChangeDate,
  checkStatusTransition,
  householdStatusSchema,
  plausibleDateSchema,
  todayIso,
} from '@epg/domain';
import { isUuid } from '@epg/persistence';
import { badUserInput, conflict, notFound, parseInput, write, type BaseContext, type WriteTx } from '@epg/subgraph-kit';
import { HouseholdEntity } from './household.entity';
import { findHelpMeasure } from './household.repository';
import { HelpMeasureEntity, HelpProgressEntity, ImportRequestEntity, StatusChangeEntity } from './ledger.entities';
import { PersonEntity } from './person.entity';
import { batchHash } from './import-key';
import { helperInputSchema, validateRegistration } from './registration';
import { checkAgainstLedger, insertRegistrations, type Candidate, type Rejection } from './registration.repository';

/**
 * Every mutation of the households service goes through the write envelope (`write`): rights
 * (AUDITOR and SERVICE never write; INTEGRATION only with import:write, and only imports and
 * registrations), one transaction over the caller's scoped data (`tx.data`), its audit entries.
 */
const IMPORT_WRITE = 'import:write';
export const MAX_IMPORT = 5000;

/** A household inside the caller's scope, locked for the rest of the transaction; NOT_FOUND otherwise. */
export async function lockHousehold(tx: WriteTx, id: string): Promise<HouseholdEntity> {
  const household = await tx.data.repository(HouseholdEntity).findById(id, { lock: true });
  if (!household) throw notFound(`household ${id}`);
  return household;
}

function rejectionError(rejection: Rejection) {
  const message = `input.${rejection.field}: ${rejection.message}`;
  if (rejection.kind === 'forbidden') return forbidden(message);
  if (rejection.kind === 'conflict') {
    return conflict(message, { field: `input.${rejection.field}`, ...(rejection.household ? { household: rejection.household } : {}) });
  }
  return badUserInput(message, [{ path: `input.${rejection.field}`, message: rejection.message }]);
}

/** Registers one household with its members, in one transaction. */
export function registerHousehold(ctx: BaseContext, input: unknown): Promise<HouseholdEntity> {
  const options = {
    operation: 'registerHousehold',
    integrationScope: IMPORT_WRITE,
    onUniqueViolation: 'the household or one of its members was registered at the same moment; retry to see which',
  };
  return write(ctx, options, async (tx) => {
    const validation = validateRegistration(input);
    if (!validation.ok) {
      const [first] = validation.issues;
      throw badUserInput(
        `input.${first!.field}: ${first!.message}`,
        validation.issues.map((i) => ({ path: `input.${i.field}`, message: i.message })),
      );
    }
    const [rejection] = await checkAgainstLedger(tx.data, [{ index: 0, record: validation.value }]);
    if (rejection) throw rejectionError(rejection);
    const [id] = await insertRegistrations(tx, ctx.principal.subject, [validation.value]);
    const household = await tx.data.repository(HouseholdEntity).findById(id!);
    if (!household) throw new Error(`registered household ${id} is not readable in the caller's scope`);
    return household;
  });
}

export interface ImportResult {
  accepted: number;
  replayed: boolean;
  rejected: { index: number; field: string; message: string }[];
  /** The households registered, by record index. */
  created: { index: number; id: string; registrationNumber: string }[];
}

/** A result as stored under its key: results stored before `created` was kept lack it. */
type StoredImportResult = Omit<ImportResult, 'created'> & Partial<Pick<ImportResult, 'created'>>;

const importArgsSchema = z.object({
  idempotencyKey: z.string().trim().min(1, 'must not be empty').max(200, 'at most 200 characters'),
  households: z.array(z.unknown()).max(MAX_IMPORT, `at most ${MAX_IMPORT} households per call`),
});

/**
 * Bulk import: each record accepted or rejected (index, field, message); a rejected record
 * writes nothing; the accepted ones and the result are written in one transaction under the
 * idempotency key, so a replay (even a concurrent one) returns the first result and writes nothing.
 * The key belongs to the caller's region (another region's same key is a fresh key there) and to
 * its batch (the same key with another batch is refused: CONFLICT).
 */
export function importHouseholds(ctx: BaseContext, args: { idempotencyKey: string; households: unknown[] }): Promise<ImportResult> {
  const options = {
    operation: 'importHouseholds',
    integrationScope: IMPORT_WRITE,
    onUniqueViolation: 'another import registered some of these people at the same moment; replay this import',
  };
  return write(ctx, options, async (tx) => {
    const { idempotencyKey, households } = parseInput(importArgsSchema, args, 'arguments');
    const key = { regionCode: ctx.principal.regionCode as string, idempotencyKey };
    const payloadHash = batchHash(households);
    const today = todayIso();
    const rejected: ImportResult['rejected'] = [];
    const candidates: Candidate[] = [];
    households.forEach((raw, index) => {
      const validation = validateRegistration(raw, today);
      if (validation.ok) candidates.push({ index, record: validation.value });
      else rejected.push(...validation.issues.map((issue) => ({ index, ...issue })));
    });

    // Claims the key first: a concurrent call with the same key waits here, then replays.
    const claimed = await tx.manager.query(
      `INSERT INTO import_request (region_code, idempotency_key, subject, payload_hash) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING RETURNING idempotency_key`,
      [key.regionCode, idempotencyKey, ctx.principal.subject, payloadHash],
    );
    if (claimed.length === 0) {
      tx.unchanged();
      return replay(tx, ctx, key, payloadHash);
    }

    const ledgerRejections = await checkAgainstLedger(tx.data, candidates);
    const rejectedIndexes = new Set(ledgerRejections.map((r) => r.index));
    const accepted = candidates.filter((c) => !rejectedIndexes.has(c.index));
    const ids = await insertRegistrations(tx, ctx.principal.subject, accepted.map((c) => c.record));
    const result: ImportResult = {
      accepted: accepted.length,
      replayed: false,
      rejected: [...rejected, ...ledgerRejections.map(({ index, field, message }) => ({ index, field, message }))].sort(
        (a, b) => a.index - b.index,
      ),
      created: accepted.map((c, i) => ({ index: c.index, id: ids[i]!, registrationNumber: c.record.registrationNumber })),
    };
    await tx.manager.update(ImportRequestEntity, key, { result });
    tx.audit({
      operation: 'importHouseholds',
      // The import request belongs to its caller's region (its records are audited each in its own village).
      regionCode: key.regionCode,
      entityType: 'ImportRequest',
      entityId: idempotencyKey,
      // Not the batch hash: with the rest of a batch known, it would confirm a guessed ID number.
      after: { accepted: result.accepted, rejected: result.rejected.length },
    });
    return result;
  });
}

/** The first result under a key of the caller's region: for its own caller and batch only. */
async function replay(
  tx: WriteTx,
  ctx: BaseContext,
  key: { regionCode: string; idempotencyKey: string },
  payloadHash: string,
): Promise<ImportResult> {
  const previous = await tx.manager.findOneByOrFail(ImportRequestEntity, key);
  if (previous.subject !== ctx.principal.subject) {
    throw conflict(`idempotencyKey: ${key.idempotencyKey} was used by another caller`, { field: 'idempotencyKey' });
  }
  if (previous.payloadHash !== null && previous.payloadHash !== payloadHash) {
    throw conflict('idempotencyKey: this idempotency key was used for a different batch; send a new key for a new batch', {
      field: 'idempotencyKey',
    });
  }
  const result = previous.result as StoredImportResult;
  return { ...result, created: result.created ?? [], replayed: true };
}

const statusChangeSchema = z.object({
  householdId: z.string(),
  status: householdStatusSchema,
  on: plausibleDateSchema(),
  reason: z.string().trim().min(1, 'give a reason').max(500, 'at most 500 characters'),
  monitoringClass: z.enum(['POLICY_GUARANTEED', 'CONSOLIDATING']).nullish(),
  riskFlags: z.array(z.string().trim().min(1).max(50)).max(20).nullish(),
});

/** IDENTIFIED → EXITED → RELAPSED → EXITED …, any → REMOVED; never backdated before the last change. */
export function changeHouseholdStatus(ctx: BaseContext, rawArgs: unknown): Promise<HouseholdEntity> {
  return write(ctx, { operation: 'changeHouseholdStatus' }, async (tx) => {
    const args = parseInput(statusChangeSchema, rawArgs, 'arguments');
    if (args.monitoringClass && args.status !== 'EXITED') {
      throw badUserInput('monitoringClass: only an EXITED household has a monitoring class', [
        { path: 'monitoringClass', message: 'only for EXITED' },
      ]);
    }
    const household = await lockHousehold(tx, args.householdId);
    const transition = checkStatusTransition(household.status, args.status);
    if (transition) throw badUserInput(`status: ${transition}`, [{ path: 'status', message: transition }]);
    const dated = checkStatusChangeDate(household.statusOn, args.on, todayIso());
    if (dated) throw badUserInput(`on: ${dated}`, [{ path: 'on', message: dated }]);
    const before = { status: household.status, statusOn: household.statusOn };
    household.status = args.status;
    household.statusOn = args.on;
    if (args.status === 'EXITED') {
      household.lastExitedOn = args.on;
      household.monitoringClass = args.monitoringClass ?? 'CONSOLIDATING';
    } else {
      household.monitoringClass = null;
    }
    if (args.riskFlags) household.riskFlags = args.riskFlags;
    await tx.manager.save(household);
    await tx.manager.insert(StatusChangeEntity, {
      householdId: household.id,
      status: args.status,
      on: args.on,
      reason: args.reason,
      recordedBy: ctx.principal.subject,
    });
    tx.audit({
      operation: 'changeHouseholdStatus',
      regionCode: household.villageCode,
      entityType: 'Household',
      entityId: household.id,
      before,
      after: { status: args.status, on: args.on, reason: args.reason },
    });
    return household;
  });
}

/** Assigns the responsible helper (帮扶责任人). */
export function assignHelper(ctx: BaseContext, householdId: string, rawHelper: unknown): Promise<HouseholdEntity> {
  return write(ctx, { operation: 'assignHelper' }, async (tx) => {
    const helper = parseInput(helperInputSchema, rawHelper, 'helper');
    const household = await lockHousehold(tx, householdId);
    const before = { name: household.helperName, unit: household.helperUnit, phone: household.helperPhone };
    household.helperName = helper.name;
    household.helperUnit = helper.unit;
    household.helperPhone = helper.phone;
    await tx.manager.save(household);
    tx.audit({ operation: 'assignHelper', regionCode: household.villageCode, entityType: 'Household', entityId: household.id, before, after: helper });
    return household;
  });
}

const helpMeasureSchema = z.object({
  householdId: z.string(),
  measure: z.string().trim().min(1, 'must not be empty').max(500),
  goal: z.string().trim().min(1, 'must not be empty').max(500),
  startedOn: plausibleDateSchema(),
});

/** Adds a measure to the help ledger (帮扶台账). */
export function addHelpMeasure(ctx: BaseContext, rawInput: unknown): Promise<HelpMeasureEntity> {
  return write(ctx, { operation: 'addHelpMeasure' }, async (tx) => {
    const input = parseInput(helpMeasureSchema, rawInput, 'input');
    const household = await lockHousehold(tx, input.householdId);
    const measure = await tx.manager.save(tx.manager.create(HelpMeasureEntity, input));
    tx.audit({ operation: 'addHelpMeasure', regionCode: household.villageCode, entityType: 'HelpMeasure', entityId: measure.id, after: input });
    return measure;
  });
}

const progressSchema = z.object({
  measureId: z.string(),
  on: plausibleDateSchema(),
  note: z.string().trim().min(1, 'must not be empty').max(1000),
});

/** Adds a dated progress entry to a help measure (of a household inside the caller's scope). */
export function recordHelpProgress(ctx: BaseContext, rawArgs: unknown): Promise<HelpMeasureEntity> {
  return write(ctx, { operation: 'recordHelpProgress' }, async (tx) => {
    const args = parseInput(progressSchema, rawArgs, 'arguments');
    const measure = isUuid(args.measureId) ? await findHelpMeasure(tx.data, args.measureId) : null;
    if (!measure) throw notFound(`help measure ${args.measureId}`);
    const household = await lockHousehold(tx, measure.householdId);
    if (args.on < measure.startedOn) {
      throw badUserInput(`on: progress cannot precede the measure's start (${measure.startedOn})`, [{ path: 'on', message: 'before the measure started' }]);
    }
    await tx.manager.insert(HelpProgressEntity, { measureId: measure.id, on: args.on, note: args.note });
    tx.audit({ operation: 'recordHelpProgress', regionCode: household.villageCode, entityType: 'HelpMeasure', entityId: measure.id, after: args });
    return measure;
  });
}

const labourSchema = z.object({
  capacity: z.enum(['FULL', 'PARTIAL', 'NONE']),
  skills: z.array(z.string().trim().min(1).max(50)).max(20),
  employed: z.boolean(),
  employer: z.string().trim().max(100).nullish(),
});

/** Records the labour-force facts (贫困家庭劳动力) of a working-age member. */
export function recordLabourFacts(ctx: BaseContext, personId: string, rawFacts: unknown): Promise<PersonEntity> {
  return write(ctx, { operation: 'recordLabourFacts' }, async (tx) => {
    const facts = parseInput(labourSchema, rawFacts, 'facts');
    const person = await tx.data.repository(PersonEntity).findById(personId);
    if (!person) throw notFound(`person ${personId}`);
    const before = { capacity: person.labourCapacity, skills: person.labourSkills, employed: person.employed, employer: person.employer };
    person.labourCapacity = facts.capacity;
    person.labourSkills = facts.skills;
    person.employed = facts.employed;
    person.employer = facts.employer ?? null;
    person.labourUpdatedOn = todayIso();
    await tx.manager.save(person);
    tx.audit({ operation: 'recordLabourFacts', regionCode: person.villageCode, entityType: 'Person', entityId: person.id, before, after: facts });
    return person;
  });
}

import { z } from 'zod';
import {
  checkMonitoringCategory,
  checkMonitoringDate,
  checkRiskFlags,
  isoDateSchema,
  MONITORING_CATEGORIES,
  RISK_FLAGS,
  todayIso,
  type Implausible,
} from '@epg/domain';
import { badField, parseInput, write, type BaseContext, type WriteTx } from '@epg/subgraph-kit';
import type { HouseholdEntity } from '../household/household.entity';
import { lockHousehold } from '../household/household.service';
import { MonitoringChangeEntity } from './monitoring.entity';

/**
 * Monitoring against return to poverty (防返贫监测): classing a household EDGE or MONITORED with
 * risk flags, and declassifying it, each dated and kept in its history (rules: libs/domain
 * monitoring.ts).
 */
const reasonSchema = z.string().trim().min(1, 'give a reason').max(500, 'at most 500 characters');

function refuse(field: string, wrong: Implausible) {
  if (wrong) throw badField(field, wrong);
}

function subjectOf(household: HouseholdEntity) {
  return {
    category: household.category,
    status: household.status,
    identifiedOn: household.identifiedOn,
    lastExitedOn: household.lastExitedOn,
    monitoringChangedOn: household.monitoringSince,
  };
}

async function recordChange(tx: WriteTx, ctx: BaseContext, household: HouseholdEntity, change: Omit<MonitoringChangeEntity, 'id' | 'householdId' | 'recordedBy'>) {
  const before = { category: household.monitoringCategory, riskFlags: household.monitoringRisks, since: household.monitoringSince };
  household.monitoringCategory = change.category;
  household.monitoringRisks = change.riskFlags;
  household.monitoringSince = change.on;
  await tx.manager.save(household);
  await tx.manager.insert(MonitoringChangeEntity, { ...change, householdId: household.id, recordedBy: ctx.principal.subject });
  tx.audit({
    operation: change.category ? 'classifyHouseholdForMonitoring' : 'declassifyHousehold',
    regionCode: household.villageCode,
    entityType: 'Household',
    entityId: household.id,
    before,
    after: change,
  });
}

const classifySchema = z.object({
  householdId: z.string(),
  category: z.enum(MONITORING_CATEGORIES),
  riskFlags: z.array(z.enum(RISK_FLAGS)).max(RISK_FLAGS.length * 2),
  on: isoDateSchema,
  reason: reasonSchema,
});

/** Classes a household EDGE (边缘户) or MONITORED (监测户), or changes its class or flags. */
export function classifyHouseholdForMonitoring(ctx: BaseContext, rawArgs: unknown): Promise<HouseholdEntity> {
  return write(ctx, { operation: 'classifyHouseholdForMonitoring' }, async (tx) => {
    const args = parseInput(classifySchema, rawArgs, 'arguments');
    refuse('riskFlags', checkRiskFlags(args.riskFlags));
    const household = await lockHousehold(tx, args.householdId);
    refuse('category', checkMonitoringCategory(subjectOf(household), args.category));
    refuse('on', checkMonitoringDate(subjectOf(household), args.on, args.category, todayIso()));
    await recordChange(tx, ctx, household, { category: args.category, riskFlags: args.riskFlags, on: args.on, reason: args.reason });
    return household;
  });
}

const declassifySchema = z.object({ householdId: z.string(), on: isoDateSchema, reason: reasonSchema });

/** Ends a household's monitoring (风险消除). */
export function declassifyHousehold(ctx: BaseContext, rawArgs: unknown): Promise<HouseholdEntity> {
  return write(ctx, { operation: 'declassifyHousehold' }, async (tx) => {
    const args = parseInput(declassifySchema, rawArgs, 'arguments');
    const household = await lockHousehold(tx, args.householdId);
    if (!household.monitoringCategory) refuse('householdId', 'the household is not monitored');
    refuse('on', checkMonitoringDate(subjectOf(household), args.on, null, todayIso()));
    await recordChange(tx, ctx, household, { category: null, riskFlags: [], on: args.on, reason: args.reason });
    return household;
  });
}

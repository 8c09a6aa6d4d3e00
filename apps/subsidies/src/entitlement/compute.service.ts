import { z } from 'zod';
import type { DataSource, EntityManager } from 'typeorm';
import { assertCanWrite, assertRegionInScope } from '@epg/auth';
import { academicYearOf, academicYearSchema, canonicalPrefix, regionCodeSchema, todayIso } from '@epg/domain';
import { recordAudit } from '@epg/persistence';
import { parseInput, refreshProjection, type BaseContext } from '@epg/subgraph-kit';
import { refreshCoverageRollup, stampComputation } from '../coverage-rollup/coverage-rollup';
import { enrolmentFeed, personFeed } from '../facts/feeds';
import type { PolicySetEntity } from '../policy/policy-set.entity';
import { findSetsCoveringYear } from '../policy/policy-set.repository';
import {
  cancelUndue,
  createMissing,
  createStagingTables,
  desiredRow,
  DetailStager,
  hasLiveEntitlements,
  holdFactsStill,
  markMissing,
  prefetchStudentFacts,
  stageDesired,
  streamStudentFacts,
  syncEligibility,
  type Written,
} from './compute.repository';
import { DueLineEvaluator } from './due-lines';

export interface ComputeResult {
  students: number;
  created: number;
  unchanged: number;
  cancelled: number;
  backPay: number;
  factsRefreshedAt: Date;
}

const computeArgsSchema = z.object({ regionCode: regionCodeSchema, academicYear: academicYearSchema });

/** The province a region lies in: people may live in one county and attend school in another. */
function provinceOf(regionCode: string): string {
  return `${regionCode.slice(0, 2)}0000`;
}

/** Refreshes the projected facts (households for the province, schools for the region). */
export async function refreshFacts(ctx: BaseContext, regionCode: string): Promise<Date> {
  // The two feeds are independent (two owners, two tables): read them at the same time.
  const [people, enrolments] = await Promise.all([
    refreshProjection(ctx, personFeed, provinceOf(regionCode)),
    refreshProjection(ctx, enrolmentFeed, regionCode),
  ]);
  return people.refreshedAt < enrolments.refreshedAt ? people.refreshedAt : enrolments.refreshedAt;
}

/** Seconds spent in each step of one computation, for the log (operators see where time goes). */
class StepTimes {
  readonly seconds: Record<string, number> = {};

  async time<T>(step: string, work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await work();
    } finally {
      this.seconds[step] = Math.round(performance.now() - started) / 1000;
    }
  }
}

/** Rows written above which the ledger's statistics are refreshed inside the computation. */
const MASS_WRITE = 50_000;

interface Scope {
  prefix: string;
  academicYear: number;
  sets: PolicySetEntity[];
}

/**
 * First pass: every student's due lines, narrow, into `desired` — and, when the region and year
 * has no entitlement yet (every line will be created), their details too, sparing a second pass.
 */
async function stageDueLines(
  dataSource: DataSource,
  manager: EntityManager,
  scope: Scope,
  withDetails: boolean,
): Promise<{ students: number; due: number }> {
  const evaluator = new DueLineEvaluator(scope.sets, scope.academicYear);
  const details = withDetails ? new DetailStager() : null;
  let due = 0;
  for await (const batch of prefetchStudentFacts(dataSource, scope.prefix, scope.academicYear)) {
    let rows = '';
    for (const student of batch) {
      for (const line of evaluator.linesOf(student)) {
        rows += desiredRow(line);
        details?.add(line);
        due += 1;
      }
    }
    await stageDesired(manager, rows);
    await details?.flush(manager);
  }
  await details?.flush(manager, true);
  await manager.query(`ANALYZE desired`);
  return { students: evaluator.students, due };
}

/**
 * Second pass, only over the students with missing lines: the details an entitlement records
 * when it is created. A recomputation where nothing is missing skips it.
 */
async function stageMissingDetails(manager: EntityManager, scope: Scope): Promise<void> {
  const evaluator = new DueLineEvaluator(scope.sets, scope.academicYear);
  const details = new DetailStager();
  for await (const batch of streamStudentFacts(manager, scope.prefix, scope.academicYear, { onlyMissing: true })) {
    for (const student of batch) for (const line of evaluator.linesOf(student)) details.add(line);
    await details.flush(manager);
  }
  await details.flush(manager, true);
}

/**
 * Brings a region's entitlements for an academic year in line with the facts: refresh the
 * projections through the graph, evaluate every enrolled student under the set governing their
 * school's region, then — in one transaction, serialised per region and year — cancel what is no
 * longer due, create what is missing, bring the eligibility snapshot up to date and the coverage
 * roll-up with it. Only differences are written: running it twice changes nothing the second
 * time; a crash leaves nothing half-written.
 */
export async function computeEntitlements(ctx: BaseContext, rawArgs: unknown): Promise<ComputeResult> {
  assertCanWrite(ctx.principal);
  const { regionCode, academicYear } = parseInput(computeArgsSchema, rawArgs, 'arguments');
  assertRegionInScope(ctx.principal, regionCode);
  const steps = new StepTimes();
  const factsRefreshedAt = await steps.time('refreshFacts', () => refreshFacts(ctx, regionCode));
  const prefix = canonicalPrefix(regionCode);
  const scope: Scope = { prefix, academicYear, sets: await findSetsCoveringYear(ctx.dataSource, academicYear) };
  const backPay = academicYear < academicYearOf(todayIso());

  const result = await ctx.dataSource.transaction(async (manager) => {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`computeEntitlements:${prefix}:${academicYear}`]);
    // Sorting a province's students and hashing a million lines want more than the default 4 MB.
    await manager.query(`SET LOCAL work_mem = '64MB'`);
    await holdFactsStill(manager);
    await createStagingTables(manager);
    const firstComputation = !(await hasLiveEntitlements(manager, prefix, academicYear));
    const { students, due } = await steps.time('stageDueLines', () => stageDueLines(ctx.dataSource, manager, scope, firstComputation));
    const cancelled = await steps.time('cancelUndue', () => cancelUndue(manager, prefix, academicYear));
    let created: Written = { count: 0, regionCodes: [] };
    if ((await steps.time('markMissing', () => markMissing(manager, academicYear))) > 0) {
      if (!firstComputation) await steps.time('stageMissingDetails', () => stageMissingDetails(manager, scope));
      created = await steps.time('createMissing', () => createMissing(manager, academicYear, backPay, factsRefreshedAt));
    }
    const snapshotChanged = await steps.time('syncEligibility', () => syncEligibility(manager, prefix, academicYear));
    // After a mass write the planner's statistics are stale (they would pick index probes over a
    // million fresh rows): refresh them before the roll-up reads the ledger.
    if (created.count + cancelled.count > MASS_WRITE) await steps.time('analyze', () => manager.query(`ANALYZE entitlement, eligible_line`));
    await steps.time('refreshCoverageRollup', () =>
      refreshCoverageRollup(manager, [...new Set([...cancelled.regionCodes, ...created.regionCodes, ...snapshotChanged])], academicYear),
    );
    await stampComputation(manager, prefix, academicYear);
    const result: ComputeResult = {
      students,
      created: created.count,
      unchanged: due - created.count,
      cancelled: cancelled.count,
      backPay: backPay ? created.count : 0,
      factsRefreshedAt,
    };
    await recordAudit(manager, ctx, {
      operation: 'computeEntitlements',
      entityType: 'Region',
      entityId: regionCode,
      after: { academicYear, ...result },
    });
    return result;
  });
  ctx.logger.info({ regionCode, academicYear, ...result, seconds: steps.seconds }, 'entitlements computed');
  return result;
}

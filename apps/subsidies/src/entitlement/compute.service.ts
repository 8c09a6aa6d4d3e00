import { z } from 'zod';
import { assertCanWrite, assertRegionInScope } from '@epg/auth';
import { academicYearOf, academicYearSchema, canonicalPrefix, regionCodeSchema, todayIso } from '@epg/domain';
import { isUniqueViolation, recordAudit } from '@epg/persistence';
import { conflict, parseInput, refreshProjection, type BaseContext } from '@epg/subgraph-kit';
import { refreshCoverageRollup, stampComputation } from '../coverage-rollup/coverage-rollup';
import { enrolmentFeed, personFeed } from '../facts/feeds';
import { findSetsCoveringYear } from '../policy/policy-set.repository';
import { createMissing, stageDueLines, type Scope } from './compute-passes';
import {
  cancelUndue,
  createStagingTable,
  hasLiveEntitlements,
  holdFactsStill,
  liveLinesElsewhere,
  markMissing,
  syncEligibility,
} from './compute.repository';
import { LedgerWriter, type Written } from './ledger-writer';

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

/** The unique index that keeps one live line per student, rule and year. */
const ONE_LIVE_LINE_INDEX = 'entitlement_one_live_cover_idx';

/** Rows written above which the ledger's statistics are refreshed inside the computation. */
const MASS_WRITE = 50_000;

/**
 * A line created at the same moment elsewhere (computations of one province are serialised, so
 * only another province's, for a student enrolled in both) — a conflict the caller resolves by
 * running the computation again, not a server fault.
 */
function explainLineConflict(err: unknown): never {
  if (isUniqueViolation(err, ONE_LIVE_LINE_INDEX)) {
    throw conflict('another computation created entitlements for some of these students at the same moment; run this one again');
  }
  throw err;
}

/**
 * Brings a region's entitlements for an academic year in line with the facts: refresh the
 * projections through the graph, evaluate every enrolled student under the set governing their
 * school's region, then — in one transaction, serialised per province and year — cancel what is no
 * longer due, create what is missing, bring the eligibility snapshot up to date and the coverage
 * roll-up with it. Only differences are written: running it twice changes nothing the second
 * time; a crash leaves nothing half-written. A region and year without entitlements yet (a first
 * computation) gets its lines written as they are evaluated, in one pass.
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
    // One computation at a time per province and year: students live in one county and attend
    // school in another, so computations of overlapping regions would create the same lines.
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`computeEntitlements:${provinceOf(regionCode)}:${academicYear}`]);
    // Sorting a province's students and hashing a million lines want more than the default 4 MB.
    await manager.query(`SET LOCAL work_mem = '64MB'`);
    await holdFactsStill(manager);
    await createStagingTable(manager);
    const ledger = new LedgerWriter(manager, { academicYear, backPay, factsRefreshedAt });
    let cancelled: Written = { count: 0, regionCodes: [] };
    let created: Written = { count: 0, regionCodes: [] };
    let staged: { students: number; due: number };
    if (!(await hasLiveEntitlements(manager, prefix, academicYear))) {
      // First computation: nothing to cancel, every due line to create (bar those live elsewhere).
      const liveElsewhere = await liveLinesElsewhere(manager, prefix, academicYear);
      staged = await steps.time('stageDueLinesAndCreate', () => stageDueLines(ctx.dataSource, manager, scope, { ledger, liveElsewhere }));
      created = await ledger.close();
    } else {
      staged = await steps.time('stageDueLines', () => stageDueLines(ctx.dataSource, manager, scope, null));
      cancelled = await steps.time('cancelUndue', () => cancelUndue(manager, prefix, academicYear));
      const missing = await steps.time('markMissing', () => markMissing(manager, academicYear));
      if (missing > 0) created = await steps.time('createMissing', () => createMissing(manager, scope, ledger, missing));
    }
    const { students, due } = staged;
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
  }).catch(explainLineConflict);
  ctx.logger.info({ regionCode, academicYear, ...result, seconds: steps.seconds }, 'entitlements computed');
  return result;
}

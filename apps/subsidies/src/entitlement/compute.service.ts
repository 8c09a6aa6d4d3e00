import { assertCanWrite, assertRegionInScope } from '@epg/auth';
import { academicYearOf, academicYearSchema, provinceOf, regionCodeSchema, todayIso, type RegionCode } from '@epg/domain';
import { isUniqueViolation } from '@epg/persistence';
import { conflict, parseInput, refreshProjection, write, type BaseContext } from '@epg/subgraph-kit';
import { refreshCoverageRollup, stampComputation } from '../coverage-rollup/coverage-rollup';
import { admissionFeed, enrolmentFeed, nonContinuingGraduateFeed, personFeed } from '../facts/feeds';
import { governingSetOf } from '../policy/policy-set.repository';
import { findSetsInForce } from './sets-in-force';
import { misfitDepartmentLines } from './department-lines';
import { createMissing, stageDueLines, type Computation } from './compute-passes';
import {
  cancelUndue,
  cancelWithReasons,
  createStagingTable,
  findDepartmentLines,
  hasLiveEntitlements,
  holdFactsStill,
  liveLinesElsewhere,
  markMissing,
  syncEligibility,
} from './compute.repository';
import { LedgerWriter, type Written } from './ledger-writer';
import { cancelStaleTopUps, createTopUps } from './top-ups';

export interface ComputeResult {
  students: number;
  created: number;
  unchanged: number;
  cancelled: number;
  backPay: number;
  /** Top-ups (差额补发) created: paid lines now due at a higher amount. */
  topUps: number;
  factsRefreshedAt: Date;
}


/**
 * Refreshes the projected facts (households and 两后生 for the province, schools' enrolments and
 * university admissions for the region): the named batch job "projection refresh". It reads the
 * owners' feeds through the gateway with a SERVICE credential for those regions and writes the
 * projection tables (person_fact, enrolment_fact, university_admission_fact,
 * non_continuing_graduate_fact: other services' facts, not rows this service scopes) through the
 * data source — the person facts of the whole province, wider than a county caller's scope. Nothing of them reaches a
 * caller except through the region-scoped reads of the computation.
 */
export async function refreshFacts(ctx: BaseContext, regionCode: RegionCode): Promise<Date> {
  // The feeds are independent (three owners, four tables): read them at the same time. Admissions
  // are scoped by their senior school, like enrolments; 两后生 rows by the person's village, like
  // people, so a student schooled outside their home county is found.
  const refreshed = await Promise.all([
    refreshProjection(ctx, personFeed, provinceOf(regionCode)),
    refreshProjection(ctx, enrolmentFeed, regionCode),
    refreshProjection(ctx, admissionFeed, regionCode),
    refreshProjection(ctx, nonContinuingGraduateFeed, provinceOf(regionCode)),
  ]);
  return refreshed.map((r) => r.refreshedAt).reduce((oldest, at) => (at < oldest ? at : oldest));
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
export async function computeEntitlements(ctx: BaseContext, args: { regionCode: string; academicYear: number }): Promise<ComputeResult> {
  // The caller's rights before any work: a caller who may not write must not start a projection
  // refresh through the graph. The write envelope below checks the same rights again.
  assertCanWrite(ctx.principal);
  const regionCode = parseInput(regionCodeSchema, args.regionCode, 'regionCode');
  const academicYear = parseInput(academicYearSchema, args.academicYear, 'academicYear');
  // The region must lie inside the caller's scope (a county may not compute its province); the
  // computation then reads and writes through the caller's scope narrowed to it.
  assertRegionInScope(ctx.principal, regionCode);
  const region = ctx.scope.requireNarrowTo(regionCode);
  const steps = new StepTimes();
  const factsRefreshedAt = await steps.time('refreshFacts', () => refreshFacts(ctx, regionCode));
  const computation: Computation = { region, academicYear, sets: await findSetsInForce(ctx.dataSource, academicYear) };
  const backPay = academicYear < academicYearOf(todayIso());

  const result = await write(ctx, { operation: 'computeEntitlements' }, async (tx) => {
    const { manager } = tx;
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
    let topUps: Written = { count: 0, regionCodes: [] };
    let staged: { students: number; due: number };
    if (!(await hasLiveEntitlements(manager, region, academicYear))) {
      // First computation: nothing to cancel, every due line to create (bar those live elsewhere).
      const liveElsewhere = await liveLinesElsewhere(manager, region, academicYear);
      staged = await steps.time('stageDueLinesAndCreate', () => stageDueLines(ctx.dataSource, manager, computation, { ledger, liveElsewhere }));
      created = await ledger.close();
    } else {
      staged = await steps.time('stageDueLines', () => stageDueLines(ctx.dataSource, manager, computation, null));
      cancelled = await steps.time('cancelUndue', () => cancelUndue(manager, region, academicYear));
      // Department lines are checked again: one that no longer fits its rule goes, and the engine
      // creates the rule's own line below (it never defers to a department line of 1 fen).
      const misfits = await steps.time('cancelMisfitDepartmentLines', async () => {
        const lines = await findDepartmentLines(manager, region, academicYear);
        return cancelWithReasons(manager, misfitDepartmentLines(lines, (l) => (l.schoolRegionCode ? governingSetOf(computation.sets, l.schoolRegionCode) : null)));
      });
      cancelled = { count: cancelled.count + misfits.count, regionCodes: [...new Set([...cancelled.regionCodes, ...misfits.regionCodes])] };
      const missing = await steps.time('markMissing', () => markMissing(manager, academicYear));
      if (missing > 0) created = await steps.time('createMissing', () => createMissing(manager, computation, ledger, missing));
      // A paid line now due at more gets the difference as a top-up line (差额补发), never a rewrite.
      const stale = await steps.time('cancelStaleTopUps', () => cancelStaleTopUps(manager, region, academicYear));
      topUps = await steps.time('createTopUps', () => createTopUps(manager, region, academicYear, backPay));
      cancelled = { count: cancelled.count + stale.count, regionCodes: [...new Set([...cancelled.regionCodes, ...stale.regionCodes])] };
    }
    const { students, due } = staged;
    const snapshotChanged = await steps.time('syncEligibility', () => syncEligibility(manager, region, academicYear));
    // After a mass write the planner's statistics are stale (they would pick index probes over a
    // million fresh rows): refresh them before the roll-up reads the ledger.
    if (created.count + cancelled.count > MASS_WRITE) await steps.time('analyze', () => manager.query(`ANALYZE entitlement, eligible_line`));
    await steps.time('refreshCoverageRollup', () =>
      refreshCoverageRollup(manager, [...new Set([...cancelled.regionCodes, ...created.regionCodes, ...topUps.regionCodes, ...snapshotChanged])], academicYear),
    );
    await stampComputation(manager, region, academicYear);
    const result: ComputeResult = {
      students,
      created: created.count,
      unchanged: due - created.count,
      cancelled: cancelled.count,
      backPay: backPay ? created.count : 0,
      topUps: topUps.count,
      factsRefreshedAt,
    };
    tx.audit({
      operation: 'computeEntitlements',
      regionCode,
      entityType: 'Region',
      entityId: regionCode,
      after: { academicYear, ...result },
    });
    return result;
  }).catch(explainLineConflict);
  ctx.logger.info({ regionCode, academicYear, ...result, seconds: steps.seconds }, 'entitlements computed');
  return result;
}

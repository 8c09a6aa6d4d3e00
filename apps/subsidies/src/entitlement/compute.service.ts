import { z } from 'zod';
import { assertCanWrite, assertRegionInScope } from '@epg/auth';
import { academicYearOf, academicYearSchema, canonicalPrefix, regionCodeSchema, todayIso } from '@epg/domain';
import { recordAudit } from '@epg/persistence';
import { parseInput, refreshProjection, type BaseContext } from '@epg/subgraph-kit';
import { enrolmentFeed, personFeed } from '../facts/feeds';
import { profileOf } from '../facts/student-profile';
import { evaluatePolicySet } from '../policy/engine';
import { findSetsCoveringYear, governingSetOf } from '../policy/policy-set.repository';
import {
  cancelUndue,
  createDesiredTable,
  createMissing,
  DESIRED_CHUNK,
  insertDesiredLines,
  replaceEligibility,
  streamStudentFacts,
  type DesiredLine,
} from './compute.repository';

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

/**
 * Brings a region's entitlements for an academic year in line with the facts: refresh the
 * projections through the graph, evaluate every enrolled student under the set governing their
 * school's region, then — in one transaction, serialised per region and year — cancel what is no
 * longer due, create what is missing, and snapshot the eligibility. Running it twice changes
 * nothing; a crash leaves nothing half-written.
 */
export async function computeEntitlements(ctx: BaseContext, rawArgs: unknown): Promise<ComputeResult> {
  assertCanWrite(ctx.principal);
  const { regionCode, academicYear } = parseInput(computeArgsSchema, rawArgs, 'arguments');
  assertRegionInScope(ctx.principal, regionCode);
  const factsRefreshedAt = await refreshFacts(ctx, regionCode);
  const prefix = canonicalPrefix(regionCode);
  const sets = await findSetsCoveringYear(ctx.dataSource, academicYear);
  const backPay = academicYear < academicYearOf(todayIso());

  return ctx.dataSource.transaction(async (manager) => {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`computeEntitlements:${prefix}:${academicYear}`]);
    await createDesiredTable(manager);
    // Students arrive ordered by person, a batch at a time; their due lines are staged a chunk at
    // a time, so memory stays flat whatever the region's size. One line per person and rule.
    let students = 0;
    let due = 0;
    let person: string | null = null;
    let rulesOfPerson = new Set<string>();
    let pending: DesiredLine[] = [];
    for await (const batch of streamStudentFacts(manager, prefix, academicYear)) {
      for (const student of batch) {
        if (student.personId !== person) {
          person = student.personId;
          rulesOfPerson = new Set();
          students += 1;
        }
        const set = governingSetOf(sets, student.schoolRegionCode);
        if (!set) continue;
        const profile = profileOf(student);
        for (const line of evaluatePolicySet(set, academicYear, profile)) {
          if (rulesOfPerson.has(line.ruleCode)) continue;
          rulesOfPerson.add(line.ruleCode);
          pending.push({
            personId: student.personId,
            enrolmentId: student.enrolmentId,
            schoolId: student.schoolId,
            regionCode: student.schoolRegionCode,
            ruleCode: line.ruleCode,
            policySetId: set.id,
            policyVersion: set.version,
            kind: line.kind,
            beneficiary: line.beneficiary,
            amountFen: line.amountFen,
            funding: line.funding,
            facts: { policySet: set.code, policyVersion: set.version, profile, enrolmentId: student.enrolmentId, factsRefreshedAt },
            explanation: line.explanation,
          });
        }
      }
      if (pending.length >= DESIRED_CHUNK) {
        await insertDesiredLines(manager, pending);
        due += pending.length;
        pending = [];
      }
    }
    await insertDesiredLines(manager, pending);
    due += pending.length;
    await manager.query(`ANALYZE desired`);
    const cancelled = await cancelUndue(manager, prefix, academicYear);
    const created = await createMissing(manager, academicYear, backPay);
    await replaceEligibility(manager, prefix, academicYear);
    const result: ComputeResult = {
      students,
      created,
      unchanged: due - created,
      cancelled,
      backPay: backPay ? created : 0,
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
}

import { setImmediate as nextTurn } from 'node:timers/promises';
import type { DataSource, EntityManager } from 'typeorm';
import type { PolicySetEntity } from '../policy/policy-set.entity';
import { desiredRow, prefetchStudentFacts, stageDesired, streamStudentsWithMissing } from './compute.repository';
import { DueLineEvaluator } from './due-lines';
import type { LedgerWriter, Written } from './ledger-writer';

/**
 * The two passes of computeEntitlements over a region's students: every student's due lines
 * staged (and, in a first computation, created), then — in a recomputation — the missing ones
 * created. Both evaluate the students with the engine, batch by batch, in person order.
 */

/** What a computation covers: the region (canonical prefix), the year and the sets covering it. */
export interface Scope {
  prefix: string;
  academicYear: number;
  sets: PolicySetEntity[];
}

/** Students evaluated between two turns of the event loop while a batch is being written. */
const STUDENTS_PER_TURN = 500;

/** A first computation's ledger: every due line is created as it is evaluated, except those live elsewhere. */
export interface FirstComputation {
  ledger: LedgerWriter;
  liveElsewhere: Set<string>;
}

/**
 * First pass: every student's due lines, narrow, into `desired` — and, when the region and year
 * has no entitlement yet (every line is created, bar those live in another region), straight into
 * the ledger too, sparing a second pass.
 */
export async function stageDueLines(
  dataSource: DataSource,
  manager: EntityManager,
  scope: Scope,
  first: FirstComputation | null,
): Promise<{ students: number; due: number }> {
  const evaluator = new DueLineEvaluator(scope.sets, scope.academicYear);
  let due = 0;
  // Write-behind: the database takes one batch while the next is evaluated. Evaluation yields to
  // the event loop every few hundred students, or the batch in flight would sit in Node's socket
  // buffer, unsent, until the next batch is ready (the database idle meanwhile).
  let writing: Promise<unknown> = Promise.resolve();
  for await (const batch of prefetchStudentFacts(dataSource, scope.prefix, scope.academicYear)) {
    let rows = '';
    for (let i = 0; i < batch.length; i++) {
      if (i % STUDENTS_PER_TURN === 0) await nextTurn();
      for (const line of evaluator.linesOf(batch[i]!)) {
        rows += desiredRow(line);
        if (first && !first.liveElsewhere.has(`${line.personId}|${line.ruleCode}`)) first.ledger.add(line);
        due += 1;
      }
    }
    await writing;
    writing = Promise.all([stageDesired(manager, rows), first?.ledger.flush()]);
    writing.catch(() => undefined); // awaited with the next batch, or after the last
  }
  await writing;
  await manager.query(`ANALYZE desired`);
  return { students: evaluator.students, due };
}

/**
 * Second pass of a recomputation, only over the students with missing lines: creates those lines.
 * The facts are held still, so both passes see the same students; should a line still go missing,
 * the computation fails rather than count it created.
 */
export async function createMissing(manager: EntityManager, scope: Scope, ledger: LedgerWriter, missing: number): Promise<Written> {
  const evaluator = new DueLineEvaluator(scope.sets, scope.academicYear);
  for await (const batch of streamStudentsWithMissing(manager, scope.prefix, scope.academicYear)) {
    for (const student of batch) {
      for (const line of evaluator.linesOf(student)) if (student.missingRules.includes(line.ruleCode)) ledger.add(line);
    }
    await ledger.flush();
  }
  const created = await ledger.close();
  if (created.count !== missing) throw new Error(`computeEntitlements: ${missing - created.count} due lines lost their facts between passes`);
  return created;
}

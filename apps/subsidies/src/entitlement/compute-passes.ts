import { setImmediate as nextTurn } from 'node:timers/promises';
import type { DataSource, EntityManager } from 'typeorm';
import type { RegionScope } from '@epg/persistence';
import type { PolicySetEntity } from '../policy/policy-set.entity';
import { desiredRow, prefetchStudentFacts, stageDesired, streamStudentsWithMissing } from './compute.repository';
import { DueLineEvaluator } from './due-lines';
import type { LedgerWriter, Written } from './ledger-writer';

/**
 * The two passes of computeEntitlements over a region's students: every student's due lines
 * staged (and, in a first computation, created), then — in a recomputation — the missing ones
 * created. Both evaluate the students with the engine, batch by batch, in person order.
 */

/** What a computation covers: the region (the caller's scope narrowed to it), the year and the sets covering it. */
export interface Computation {
  region: RegionScope;
  academicYear: number;
  sets: PolicySetEntity[];
}

/** Students evaluated between two turns of the event loop while a batch is written. */
const STUDENTS_PER_TURN = 500;

/**
 * Evaluates students batch by batch as they are read, each batch written while the next is
 * evaluated (`write` is called once per batch, after the previous write is in). Evaluation yields
 * to the event loop every few hundred students, or the batch in flight would sit in Node's socket
 * buffer, unsent, until the next batch is ready — the database idle meanwhile.
 */
async function evaluateWritingBehind<T>(batches: AsyncIterable<T[]>, evaluate: (student: T) => void, write: () => Promise<unknown>): Promise<void> {
  let writing: Promise<unknown> = Promise.resolve();
  try {
    for await (const batch of batches) {
      for (let i = 0; i < batch.length; i++) {
        if (i % STUDENTS_PER_TURN === 0) await nextTurn();
        evaluate(batch[i]!);
      }
      await writing;
      writing = write();
      writing.catch(() => undefined); // awaited with the next batch, or after the last
    }
  } catch (err) {
    // A failed write aborts the transaction, and the read queued behind it fails for that reason:
    // report the write's error (the cause), not the read's.
    await writing;
    throw err;
  }
  await writing;
}

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
  computation: Computation,
  first: FirstComputation | null,
): Promise<{ students: number; due: number }> {
  const evaluator = new DueLineEvaluator(computation.sets, computation.academicYear);
  let due = 0;
  let rows = '';
  await evaluateWritingBehind(
    prefetchStudentFacts(dataSource, computation.region, computation.academicYear),
    (student) => {
      for (const line of evaluator.linesOf(student)) {
        rows += desiredRow(line);
        if (first && !first.liveElsewhere.has(`${line.personId}|${line.ruleCode}`)) first.ledger.add(line);
        due += 1;
      }
    },
    () => {
      const batch = rows;
      rows = '';
      return Promise.all([stageDesired(manager, batch), first?.ledger.flush()]);
    },
  );
  await manager.query(`ANALYZE desired`);
  return { students: evaluator.students, due };
}

/**
 * Second pass of a recomputation, only over the students with missing lines: creates those lines.
 * The facts are held still, so both passes see the same students; should a line still go missing,
 * the computation fails rather than count it created.
 */
export async function createMissing(manager: EntityManager, computation: Computation, ledger: LedgerWriter, missing: number): Promise<Written> {
  const evaluator = new DueLineEvaluator(computation.sets, computation.academicYear);
  await evaluateWritingBehind(
    streamStudentsWithMissing(manager, computation.region, computation.academicYear),
    (student) => {
      for (const line of evaluator.linesOf(student)) if (student.missingRules.includes(line.ruleCode)) ledger.add(line);
    },
    () => ledger.flush(),
  );
  const created = await ledger.close();
  if (created.count !== missing) throw new Error(`computeEntitlements: ${missing - created.count} due lines lost their facts between passes`);
  return created;
}

import { z } from 'zod';
import { assertRegionInScope } from '@epg/auth';
import {
  academicYearSchema,
  dropoutActionKindSchema,
  dropoutCaseStatusSchema,
  isoDateSchema,
  regionCodeSchema,
  todayIso,
} from '@epg/domain';
import { badUserInput, notFound, parseInput, parsePageArgs, toConnection, openWrite, write, type BaseContext, type WriteOptions } from '@epg/subgraph-kit';
import { DropoutActionEntity, DropoutCaseEntity } from './dropout.entity';
import type { DropoutCaseConnectionValue } from './dropout-connection';
import { countCases, findCasePage, findLastAction, lockCase, scanCases } from './dropout.repository';
import { applyDropoutAction, dropoutActionDateIssue } from './dropout.rules';
import { refreshProjection } from './projection.service';

export interface DropoutScanResult {
  opened: number;
  alreadyOpen: number;
  closedAsEnrolled: number;
  projectionRefreshedAt: Date;
}

const SCAN_FOR_DROPOUTS: WriteOptions = { operation: 'scanForDropouts' };

/**
 * Refreshes the projection of registered children of the region from the households feed,
 * then, in one transaction, opens, counts and closes cases with set-based SQL.
 */
export async function scanForDropouts(ctx: BaseContext, args: { regionCode: unknown; academicYear: unknown }): Promise<DropoutScanResult> {
  const regionCode = parseInput(regionCodeSchema, args.regionCode, 'regionCode');
  const academicYear = parseInput(academicYearSchema, args.academicYear, 'academicYear');
  // The envelope's rights are checked when it opens; the projection is refreshed (other services'
  // feeds, its own transactions) before the scan's transaction, so a caller who may not write, or
  // a region outside the scope, never sets off that refresh and no transaction waits on it.
  const scan = openWrite(ctx, SCAN_FOR_DROPOUTS);
  assertRegionInScope(ctx.principal, regionCode);
  const { refreshedAt } = await refreshProjection(ctx, regionCode);
  const today = todayIso();
  const counts = await scan.run(async (tx) => {
    // The region asked for, inside the scope (checked above), so the scan covers exactly it.
    const result = await scanCases(tx.data.narrowTo(regionCode), academicYear, today);
    tx.audit({
      operation: 'scanForDropouts',
      regionCode,
      entityType: 'DropoutScan',
      entityId: `${regionCode}:${academicYear}`,
      after: { regionCode, academicYear, openedCaseIds: result.opened, closedCaseIds: result.closedAsEnrolled, alreadyOpen: result.alreadyOpen },
    });
    return result;
  });
  return {
    opened: counts.opened.length,
    alreadyOpen: counts.alreadyOpen,
    closedAsEnrolled: counts.closedAsEnrolled.length,
    projectionRefreshedAt: refreshedAt,
  };
}

export async function listDropoutCases(
  ctx: BaseContext,
  args: { regionCode: string; status?: string | null; first: number; after?: string | null },
): Promise<DropoutCaseConnectionValue> {
  const regionCode = parseInput(regionCodeSchema, args.regionCode, 'regionCode');
  const status = parseInput(dropoutCaseStatusSchema.nullish(), args.status, 'status');
  const page = parsePageArgs(args);
  if (page.after && page.after.length !== 2) throw badUserInput('after: not a cursor this list returned', [{ path: 'after', message: 'not a cursor this list returned' }]);
  // The requested region, narrowed to the caller's scope (FORBIDDEN when the two do not overlap).
  const data = ctx.data.narrowTo(regionCode);
  const filter = { status };
  const rows = await findCasePage(data, filter, page);
  return toConnection(rows, page, (c) => [c.openedOn, c.id], () => countCases(data, filter));
}

const actionSchema = z.object({
  caseId: z.string().uuid('not an id this graph issued'),
  kind: dropoutActionKindSchema,
  on: isoDateSchema,
  note: z.string().trim().min(1, 'a note is required').max(2000),
});

/** Records a dated action on a case and moves its status; illegal moves are refused. */
export async function recordDropoutAction(ctx: BaseContext, args: unknown): Promise<DropoutCaseEntity> {
  const input = parseInput(actionSchema, args, 'args');
  return write(ctx, { operation: 'recordDropoutAction' }, async (tx) => {
    const found = await lockCase(tx.data, input.caseId);
    if (!found) throw notFound('dropout case');
    const transition = applyDropoutAction(found.status, input.kind);
    if (!transition.ok) throw badUserInput(transition.message, [{ path: 'kind', message: transition.message }]);
    const last = await findLastAction(tx.manager, found.id);
    const dateIssue = dropoutActionDateIssue(input.on, found.openedOn, last?.on ?? null, todayIso());
    if (dateIssue) throw badUserInput(`on: ${dateIssue}`, [{ path: 'on', message: dateIssue }]);
    const before = { ...found };
    found.status = transition.status;
    if (transition.status === 'CLOSED') {
      found.closedOn = input.on;
      found.closeReason = input.note;
    }
    const saved = await tx.manager.getRepository(DropoutCaseEntity).save(found);
    await tx.manager.insert(DropoutActionEntity, {
      caseId: found.id,
      kind: input.kind,
      on: input.on,
      note: input.note,
      statusAfter: transition.status,
    });
    tx.audit({ operation: 'recordDropoutAction', regionCode: found.regionCode, entityType: 'DropoutCase', entityId: found.id, before, after: { ...saved, action: input } });
    return saved;
  });
}

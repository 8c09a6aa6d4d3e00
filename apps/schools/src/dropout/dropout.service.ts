import { z } from 'zod';
import { assertCanWrite, assertRegionInScope, regionScopePrefix, requireRegionPrefix } from '@epg/auth';
import {
  academicYearSchema,
  canonicalPrefix,
  dropoutActionKindSchema,
  dropoutCaseStatusSchema,
  isoDateSchema,
  regionCodeSchema,
  todayIso,
} from '@epg/domain';
import { badUserInput, notFound, parseInput, parsePageArgs, toConnection, type BaseContext } from '@epg/subgraph-kit';
import { writeTransaction } from '../shared/writes';
import { DropoutActionEntity, DropoutCaseEntity } from './dropout.entity';
import type { DropoutCaseConnectionValue } from './dropout-connection';
import { countCases, findCasePage, findLastAction, lockCaseInRegion, scanCases } from './dropout.repository';
import { applyDropoutAction, dropoutActionDateIssue } from './dropout.rules';
import { refreshProjection } from './projection.service';

type Ctx = Pick<BaseContext, 'principal' | 'requestId' | 'dataSource' | 'serviceGraph'>;

export interface DropoutScanResult {
  opened: number;
  alreadyOpen: number;
  closedAsEnrolled: number;
  projectionRefreshedAt: Date;
}

/**
 * Refreshes the projection of registered children of the region from the households feed,
 * then, in one transaction, opens, counts and closes cases with set-based SQL.
 */
export async function scanForDropouts(ctx: Ctx, args: { regionCode: unknown; academicYear: unknown }): Promise<DropoutScanResult> {
  const regionCode = parseInput(regionCodeSchema, args.regionCode, 'regionCode');
  const academicYear = parseInput(academicYearSchema, args.academicYear, 'academicYear');
  assertCanWrite(ctx.principal);
  assertRegionInScope(ctx.principal, regionCode);
  const { refreshedAt } = await refreshProjection(ctx, regionCode);
  const today = todayIso();
  const counts = await writeTransaction(ctx, async (manager) => {
    const result = await scanCases(manager, canonicalPrefix(regionCode), academicYear, today);
    return {
      result,
      audit: {
        operation: 'scanForDropouts',
        entityType: 'DropoutScan',
        entityId: `${regionCode}:${academicYear}`,
        after: { regionCode, academicYear, openedCaseIds: result.opened, closedCaseIds: result.closedAsEnrolled, alreadyOpen: result.alreadyOpen },
      },
    };
  });
  return {
    opened: counts.opened.length,
    alreadyOpen: counts.alreadyOpen,
    closedAsEnrolled: counts.closedAsEnrolled.length,
    projectionRefreshedAt: refreshedAt,
  };
}

export async function listDropoutCases(
  ctx: Pick<BaseContext, 'principal' | 'dataSource'>,
  args: { regionCode: string; status?: string | null; first: number; after?: string | null },
): Promise<DropoutCaseConnectionValue> {
  const regionCode = parseInput(regionCodeSchema, args.regionCode, 'regionCode');
  const status = parseInput(dropoutCaseStatusSchema.nullish(), args.status, 'status');
  const page = parsePageArgs(args);
  if (page.after && page.after.length !== 2) throw badUserInput('after: not a cursor this list returned', [{ path: 'after', message: 'not a cursor this list returned' }]);
  const filter = { regionPrefix: requireRegionPrefix(ctx.principal, regionCode), status };
  const rows = await findCasePage(ctx.dataSource, filter, page);
  return toConnection(rows, page, (c) => [c.openedOn, c.id], () => countCases(ctx.dataSource, filter));
}

const actionSchema = z.object({
  caseId: z.string().uuid('not an id this graph issued'),
  kind: dropoutActionKindSchema,
  on: isoDateSchema,
  note: z.string().trim().min(1, 'a note is required').max(2000),
});

/** Records a dated action on a case and moves its status; illegal moves are refused. */
export async function recordDropoutAction(ctx: Ctx, args: unknown): Promise<DropoutCaseEntity> {
  const input = parseInput(actionSchema, args, 'args');
  return writeTransaction(ctx, async (manager) => {
    const found = await lockCaseInRegion(manager, input.caseId, regionScopePrefix(ctx.principal));
    if (!found) throw notFound('dropout case');
    const transition = applyDropoutAction(found.status, input.kind);
    if (!transition.ok) throw badUserInput(transition.message, [{ path: 'kind', message: transition.message }]);
    const last = await findLastAction(manager, found.id);
    const dateIssue = dropoutActionDateIssue(input.on, found.openedOn, last?.on ?? null, todayIso());
    if (dateIssue) throw badUserInput(`on: ${dateIssue}`, [{ path: 'on', message: dateIssue }]);
    const before = { ...found };
    found.status = transition.status;
    if (transition.status === 'CLOSED') {
      found.closedOn = input.on;
      found.closeReason = input.note;
    }
    const saved = await manager.getRepository(DropoutCaseEntity).save(found);
    await manager.insert(DropoutActionEntity, {
      caseId: found.id,
      kind: input.kind,
      on: input.on,
      note: input.note,
      statusAfter: transition.status,
    });
    return {
      result: saved,
      audit: { operation: 'recordDropoutAction', entityType: 'DropoutCase', entityId: found.id, before, after: { ...saved, action: input } },
    };
  });
}

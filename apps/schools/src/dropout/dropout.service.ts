import { z } from 'zod';
import { assertRegionInScope, forbidden } from '@epg/auth';
import { isUuid } from '@epg/persistence';
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
import { countCases, findCase, findCasePage, findLastAction, isEnrolledIn, lockCase, scanCases } from './dropout.repository';
import { applyDropoutAction, dropoutActionDateIssue, enrolmentRequiredIssue, MANUAL_CLOSE_REASONS, manualCloseIssue } from './dropout.rules';
import { refreshProjection } from './projection.service';

export interface DropoutScanResult {
  opened: number;
  alreadyOpen: number;
  closedAsEnrolled: number;
  closedAsNoLongerDue: number;
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
  // A write that needs facts as of now: the projection catches up first (sharing the background
  // consumer's catch-up of the province, one cursor for the whole province).
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
      after: {
        regionCode,
        academicYear,
        openedCaseIds: result.opened,
        closedCaseIds: result.closedAsEnrolled,
        closedNoLongerDue: result.closedAsNoLongerDue,
        alreadyOpen: result.alreadyOpen,
      },
    });
    return result;
  });
  return {
    opened: counts.opened.length,
    alreadyOpen: counts.alreadyOpen,
    closedAsEnrolled: counts.closedAsEnrolled.length,
    closedAsNoLongerDue: counts.closedAsNoLongerDue.length,
    projectionRefreshedAt: refreshedAt,
  };
}

export async function listDropoutCases(
  ctx: BaseContext,
  args: { regionCode: string; status?: string | null; academicYear?: number | null; schoolId?: string | null; first: number; after?: string | null },
): Promise<DropoutCaseConnectionValue> {
  const regionCode = parseInput(regionCodeSchema, args.regionCode, 'regionCode');
  const status = parseInput(dropoutCaseStatusSchema.nullish(), args.status, 'status');
  const academicYear = parseInput(academicYearSchema.nullish(), args.academicYear, 'academicYear');
  const schoolId = parseInput(z.string().uuid('not an id this graph issued').nullish(), args.schoolId, 'schoolId');
  // School staff reach this list only for their own school (the guard checks a given schoolId).
  if (ctx.principal.role === 'SCHOOL' && !schoolId) throw forbidden('school staff list the dropout cases of their own school: pass schoolId');
  const page = parsePageArgs(args);
  if (page.after && page.after.length !== 2) throw badUserInput('after: not a cursor this list returned', [{ path: 'after', message: 'not a cursor this list returned' }]);
  // The requested region, narrowed to the caller's scope (FORBIDDEN when the two do not overlap).
  const data = ctx.data.narrowTo(regionCode);
  const filter = { status, academicYear, schoolId };
  const rows = await findCasePage(data, filter, page);
  return toConnection(rows, page, (c) => [c.openedOn, c.id], () => countCases(data, filter));
}

const actionSchema = z.object({
  caseId: z.string().uuid('not an id this graph issued'),
  kind: dropoutActionKindSchema,
  on: isoDateSchema,
  note: z.string().trim().min(1, 'a note is required').max(2000),
});

/** One case inside the caller's scope, or null. */
export function getDropoutCase(ctx: BaseContext, args: { id: string }): Promise<DropoutCaseEntity | null> {
  const id = parseInput(z.string(), args.id, 'id');
  return isUuid(id) ? findCase(ctx.data, id) : Promise.resolve(null);
}

/** Records a dated action on a case and moves its status; illegal moves are refused. */
export async function recordDropoutAction(ctx: BaseContext, args: unknown): Promise<DropoutCaseEntity> {
  const input = parseInput(actionSchema, args, 'args');
  return write(ctx, { operation: 'recordDropoutAction' }, async (tx) => {
    const found = await lockCase(tx.data, input.caseId);
    if (!found) throw notFound('dropout case');
    const transition = applyDropoutAction(found.status, input.kind);
    if (!transition.ok) throw badUserInput(transition.message, [{ path: 'kind', message: transition.message }]);
    const enrolmentIssue = enrolmentRequiredIssue(input.kind, found.academicYear, await isEnrolledIn(tx.manager, found.personId, found.academicYear));
    if (enrolmentIssue) throw badUserInput(`kind: ${enrolmentIssue}`, [{ path: 'kind', message: enrolmentIssue }]);
    const last = await findLastAction(tx.manager, found.id);
    const dateIssue = dropoutActionDateIssue(input.on, found.openedOn, last?.on ?? null, todayIso());
    if (dateIssue) throw badUserInput(`on: ${dateIssue}`, [{ path: 'on', message: dateIssue }]);
    const before = { ...found };
    found.status = transition.status;
    if (transition.status === 'CLOSED') {
      found.closedOn = input.on;
      found.closeReason = input.note;
      found.closedAs = 'RETURNED_TO_SCHOOL';
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

const closeSchema = z.object({
  caseId: z.string().uuid('not an id this graph issued'),
  reason: z.enum(MANUAL_CLOSE_REASONS, { message: `a case is closed by hand only as ${MANUAL_CLOSE_REASONS.join(', ')}` }),
  on: isoDateSchema,
  note: z.string().trim().min(1, 'a note is required: how the reason was established').max(2000),
});

/** Closes a false positive (studying elsewhere, deceased, 缓学/免学) with a dated CLOSED action. */
export async function closeDropoutCase(ctx: BaseContext, args: unknown): Promise<DropoutCaseEntity> {
  const input = parseInput(closeSchema, args, '');
  return write(ctx, { operation: 'closeDropoutCase' }, async (tx) => {
    const found = await lockCase(tx.data, input.caseId);
    if (!found) throw notFound('dropout case');
    const closeIssue = manualCloseIssue(found.status);
    if (closeIssue) throw badUserInput(`caseId: ${closeIssue}`, [{ path: 'caseId', message: closeIssue }]);
    const last = await findLastAction(tx.manager, found.id);
    const dateIssue = dropoutActionDateIssue(input.on, found.openedOn, last?.on ?? null, todayIso());
    if (dateIssue) throw badUserInput(`on: ${dateIssue}`, [{ path: 'on', message: dateIssue }]);
    const before = { ...found };
    Object.assign(found, { status: 'CLOSED', closedOn: input.on, closeReason: input.note, closedAs: input.reason });
    const saved = await tx.manager.getRepository(DropoutCaseEntity).save(found);
    await tx.manager.insert(DropoutActionEntity, { caseId: found.id, kind: 'CLOSED', on: input.on, note: `${input.reason}: ${input.note}`, statusAfter: 'CLOSED' });
    tx.audit({ operation: 'closeDropoutCase', regionCode: found.regionCode, entityType: 'DropoutCase', entityId: found.id, before, after: { ...saved } });
    return saved;
  });
}

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((v) => (v ? v : null));

const assignSchema = z.object({
  caseId: z.string().uuid('not an id this graph issued'),
  assignee: z.object({
    name: z.string().trim().min(1, 'a name is required').max(50),
    role: optionalText(50),
    phone: optionalText(20).refine((v) => v === null || /^[0-9+\- ]{5,20}$/.test(v), 'digits, spaces, + and - only (5–20)'),
  }),
});

/** Sets the case's 包保责任人 (an open case's: a closed case needs no one). */
export async function assignDropoutCase(ctx: BaseContext, args: unknown): Promise<DropoutCaseEntity> {
  const input = parseInput(assignSchema, args, '');
  return write(ctx, { operation: 'assignDropoutCase' }, async (tx) => {
    const found = await lockCase(tx.data, input.caseId);
    if (!found) throw notFound('dropout case');
    const closeIssue = manualCloseIssue(found.status);
    if (closeIssue) throw badUserInput(`caseId: ${closeIssue}`, [{ path: 'caseId', message: closeIssue }]);
    const before = { ...found };
    Object.assign(found, { assigneeName: input.assignee.name, assigneeRole: input.assignee.role, assigneePhone: input.assignee.phone });
    const saved = await tx.manager.getRepository(DropoutCaseEntity).save(found);
    tx.audit({ operation: 'assignDropoutCase', regionCode: found.regionCode, entityType: 'DropoutCase', entityId: found.id, before, after: { ...saved } });
    return saved;
  });
}

import { badUserInput, conflict, notFound, parseInput, parsePageArgs, toConnection, write, type BaseContext } from '@epg/subgraph-kit';
import { FacilityGapEntity } from './facility.entity';
import type { FacilityGapConnectionValue, ProjectConnectionValue } from './facility-connection';
import { countGaps, countProjects, findGapPage, findProjectPage, findProjectsClosingGap, fundingTotals, type FundingTotalsValue } from './facility-ledger.repository';
import { cancelDateIssue, cancelGapSchema, editGapSchema, gapChangeIssue, gapEdits, gapListSchema, projectListSchema } from './facility-ledger.rules';

type ListArgs = { regionCode: string; first: number; after?: string | null };

/** The gaps of a region (any level) narrowed to the caller's scope, by category and status (办学条件缺口台账). */
export async function listFacilityGaps(ctx: BaseContext, args: ListArgs & { category?: string | null; status?: string | null }): Promise<FacilityGapConnectionValue> {
  const { regionCode, ...filter } = parseInput(gapListSchema, { regionCode: args.regionCode, category: args.category, status: args.status }, '');
  const page = parsePageArgs(args);
  const data = ctx.data.narrowTo(regionCode);
  const rows = await findGapPage(data, filter, page);
  return toConnection(rows, page, (g) => [g.recordedOn, g.id], () => countGaps(data, filter));
}

/** The improvement projects of a region narrowed to the caller's scope, by programme and status. */
export async function listProjects(ctx: BaseContext, args: ListArgs & { programme?: string | null; status?: string | null }): Promise<ProjectConnectionValue> {
  const { regionCode, ...filter } = parseInput(projectListSchema, { regionCode: args.regionCode, programme: args.programme, status: args.status }, '');
  const page = parsePageArgs(args);
  const data = ctx.data.narrowTo(regionCode);
  const rows = await findProjectPage(data, filter, page);
  return toConnection(rows, page, (p) => [p.name, p.id], () => countProjects(data, filter));
}

/**
 * Project funding of a region by source, with totals: a report, so only for a region the caller
 * sees whole (FORBIDDEN for one above or outside its scope; never a partial figure).
 */
export function projectFundingTotals(ctx: BaseContext, args: { regionCode: string; programme?: string | null; status?: string | null }): Promise<FundingTotalsValue> {
  const { regionCode, ...filter } = parseInput(projectListSchema, { regionCode: args.regionCode, programme: args.programme, status: args.status }, '');
  return fundingTotals(ctx.data.inside(regionCode), filter);
}

/** One gap inside the scope, locked; NOT_FOUND otherwise. */
async function gapForWrite(ctx: { data: BaseContext['data'] }, id: string): Promise<FacilityGapEntity> {
  const gap = await ctx.data.repository(FacilityGapEntity).findById(id, { lock: true });
  if (!gap) throw notFound('facility gap');
  return gap;
}

/**
 * Corrects a gap's category, description, estimated cost or recording date, with a reason (audited
 * with both images). A cancelled gap, or one an accepted project closed, is not edited.
 */
export async function editFacilityGap(ctx: BaseContext, raw: unknown): Promise<FacilityGapEntity> {
  const input = parseInput(editGapSchema, raw, 'input');
  return write(ctx, { operation: 'editFacilityGap' }, async (tx) => {
    const gap = await gapForWrite(tx, input.gapId);
    const issue = gapChangeIssue(gap, await findProjectsClosingGap(tx.manager, gap.id), 'edited');
    if (issue) throw conflict(issue, { field: 'input.gapId' });
    const changes = gapEdits(gap, input);
    if (!Object.keys(changes).length) throw badUserInput('input: nothing to edit: every given fact equals the gap', [{ path: 'input', message: 'nothing to edit: every given fact equals the gap' }]);
    const before = { ...gap };
    Object.assign(gap, Object.fromEntries(Object.entries(changes).map(([k, c]) => [k, c.to])));
    const saved = await tx.manager.getRepository(FacilityGapEntity).save(gap);
    tx.audit({ operation: 'editFacilityGap', regionCode: saved.regionCode, entityType: 'FacilityGap', entityId: saved.id, before, after: { ...saved, reason: input.reason, changes } });
    return saved;
  });
}

/**
 * Cancels a gap recorded in error or met without a project, dated and with a reason: it no longer
 * counts as outstanding. Refused for a gap a project closed or is to close (CONFLICT).
 */
export async function cancelFacilityGap(ctx: BaseContext, raw: unknown): Promise<FacilityGapEntity> {
  const input = parseInput(cancelGapSchema, raw, 'input');
  return write(ctx, { operation: 'cancelFacilityGap' }, async (tx) => {
    const gap = await gapForWrite(tx, input.gapId);
    const issue = gapChangeIssue(gap, await findProjectsClosingGap(tx.manager, gap.id), 'cancelled');
    if (issue) throw conflict(issue, { field: 'input.gapId' });
    const dateIssue = cancelDateIssue(input.on, gap.recordedOn);
    if (dateIssue) throw badUserInput(`input.on: ${dateIssue}`, [{ path: 'input.on', message: dateIssue }]);
    const before = { ...gap };
    Object.assign(gap, { cancelledOn: input.on, cancelReason: input.reason });
    const saved = await tx.manager.getRepository(FacilityGapEntity).save(gap);
    tx.audit({ operation: 'cancelFacilityGap', regionCode: saved.regionCode, entityType: 'FacilityGap', entityId: saved.id, before, after: { ...saved } });
    return saved;
  });
}


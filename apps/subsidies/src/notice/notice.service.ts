import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { academicYearSchema, isoDateSchema, maskIdNumbersIn, todayIso, type RegionCode } from '@epg/domain';
import { isUuid } from '@epg/persistence';
import { badUserInput, conflict, notFound, parseInput, write, type BaseContext } from '@epg/subgraph-kit';
import { refreshCoverageRollup } from '../coverage-rollup/coverage-rollup';
import { EntitlementEntity } from '../entitlement/entitlement.entities';
import { SUBSIDY_APPROVE } from '../entitlement/ledger-rights';
import { NoticeEntity, NoticeObjectionEntity, type NoticeLine } from './notice.entity';
import { noticePeriodOf, objectionDateIssue } from './notice-period';
import { sameNoticeLines } from './notice-lines';

const noticeSchema = z.object({ schoolId: z.string(), academicYear: academicYearSchema });

/**
 * Publishes (公示) a school's list for a year: every live line (approved, publicised or paid), the
 * approved ones becoming payable. A school and year has one current notice: publishing again —
 * new approvals, or a line cancelled since (a correction, 更正公示) — supersedes the current one,
 * which stays readable and names its successor. Refused when nothing was approved and the list is
 * what the current notice already shows.
 */
export function publishSubsidyNotice(ctx: BaseContext, rawArgs: unknown): Promise<NoticeEntity> {
  return write(ctx, { operation: 'publishSubsidyNotice', scope: SUBSIDY_APPROVE }, async (tx) => {
    const { schoolId, academicYear } = parseInput(noticeSchema, rawArgs, 'arguments');
    if (!isUuid(schoolId)) throw notFound(`school ${schoolId}`);
    const rows = await tx.data.query<NoticeLine & { id: string; regionCode: RegionCode; status: string }>(
      (region) =>
        `SELECT e.id, e.region_code AS "regionCode", e.status, e.rule_code AS "ruleCode", e.amount_fen AS "amountFen",
                coalesce(p.name, '') AS "personName", coalesce(p.id_number_masked, '') AS "idNumberMasked"
           FROM entitlement e LEFT JOIN person_fact p ON p.person_id = e.person_id
          WHERE e.school_id = $2 AND e.academic_year = $3 AND e.status IN ('APPROVED', 'PUBLICISED', 'PAID') AND ${region('e.region_code')}
          ORDER BY p.name, e.rule_code, e.id
          FOR UPDATE OF e`,
      [schoolId, academicYear],
    );
    const approved = rows.filter((r) => r.status === 'APPROVED');
    const current = await tx.data
      .repository(NoticeEntity)
      .query('n')
      .setLock('pessimistic_write')
      .andWhere('n.school_id = :schoolId::uuid AND n.academic_year = :academicYear AND n.superseded_by IS NULL', { schoolId, academicYear })
      .getOne();
    // Masked ID numbers only: the notice is posted publicly.
    const lines: NoticeLine[] = rows.map((r) => ({ personName: r.personName, idNumberMasked: r.idNumberMasked, ruleCode: r.ruleCode, amountFen: r.amountFen }));
    if (approved.length === 0 && (!current || sameNoticeLines(current.lines, lines))) {
      // A school with no line in the caller's region is not theirs to publish (and says nothing of whether it exists).
      const known = rows.length || (await tx.data.repository(EntitlementEntity).count('e', (qb) => qb.andWhere('e.school_id = :schoolId::uuid', { schoolId })));
      if (!known) throw badUserInput('schoolId: school not found in your region', [{ path: 'schoolId', message: 'school not found in your region' }]);
      throw badUserInput('schoolId: the school has no approved entitlements to publish for that year, and its current notice is up to date', [
        { path: 'schoolId', message: 'nothing approved to publish' },
      ]);
    }
    if (approved.length) {
      await tx.manager.query(`UPDATE entitlement SET status = 'PUBLICISED', publicised_at = now() WHERE id = ANY($1::uuid[])`, [approved.map((r) => r.id)]);
      await refreshCoverageRollup(tx.manager, [...new Set(approved.map((r) => r.regionCode))], academicYear);
    }
    const regionCode = rows[0]?.regionCode ?? current!.regionCode;
    const id = randomUUID();
    if (current) {
      // The old notice names its successor first (the reference is checked at commit), so one notice is current throughout.
      await tx.manager.update(NoticeEntity, { id: current.id }, { supersededBy: id, supersededAt: new Date() });
      tx.audit({ operation: 'supersedeSubsidyNotice', regionCode: current.regionCode, entityType: 'SubsidyNotice', entityId: current.id, before: { status: 'CURRENT' }, after: { status: 'SUPERSEDED', supersededBy: id } });
    }
    const publishedOn = todayIso();
    const period = noticePeriodOf(publishedOn);
    const notice = await tx.manager.save(NoticeEntity, {
      id,
      schoolId,
      academicYear,
      regionCode,
      publishedOn,
      publishedBy: ctx.principal.subject,
      periodStart: period.start,
      periodEnd: period.end,
      supersededBy: null,
      supersededAt: null,
      lines,
    });
    tx.audit({
      operation: 'publishSubsidyNotice',
      regionCode,
      entityType: 'SubsidyNotice',
      entityId: notice.id,
      after: { schoolId, academicYear, lines: lines.length, newlyPublicised: approved.length, periodStart: period.start, periodEnd: period.end, supersedes: current?.id ?? null },
    });
    return notice;
  });
}

const objectionSchema = z.object({
  noticeId: z.string(),
  summary: z.string().trim().min(1, 'say what was objected to').max(2000, 'at most 2000 characters'),
  receivedOn: isoDateSchema,
});

/**
 * Records an objection to a notice (公示异议; subsidy:approve, the office that published it). The
 * notice must be current (an objection to a superseded list goes on its correction), the date not
 * in the future nor before the notice was posted. ID numbers written into the summary are masked.
 */
export function recordNoticeObjection(ctx: BaseContext, rawArgs: unknown): Promise<NoticeObjectionEntity> {
  return write(ctx, { operation: 'recordNoticeObjection', scope: SUBSIDY_APPROVE }, async (tx) => {
    const input = parseInput(objectionSchema, rawArgs, 'arguments');
    const notice = isUuid(input.noticeId) ? await tx.data.repository(NoticeEntity).findById(input.noticeId) : null;
    if (!notice) throw notFound(`notice ${input.noticeId}`);
    if (notice.supersededBy) throw conflict(`notice ${notice.id} was superseded by notice ${notice.supersededBy}: record the objection on the current notice`);
    const issue = objectionDateIssue(input.receivedOn, { start: notice.periodStart }, todayIso());
    if (issue) throw badUserInput(`receivedOn: ${issue}`, [{ path: 'receivedOn', message: issue }]);
    const objection = await tx.manager.save(NoticeObjectionEntity, {
      noticeId: notice.id,
      regionCode: notice.regionCode,
      summary: maskIdNumbersIn(input.summary),
      receivedOn: input.receivedOn,
      recordedBy: ctx.principal.subject,
      resolution: null,
      resolvedOn: null,
      resolvedBy: null,
    });
    tx.audit({ operation: 'recordNoticeObjection', regionCode: notice.regionCode, entityType: 'NoticeObjection', entityId: objection.id, after: { noticeId: notice.id, receivedOn: input.receivedOn } });
    return objection;
  });
}

const resolutionSchema = z.object({
  objectionId: z.string(),
  resolution: z.string().trim().min(1, 'say how the objection was resolved').max(2000, 'at most 2000 characters'),
});

/** Resolves an open objection (subsidy:approve): once; a second resolution is a CONFLICT. */
export function resolveNoticeObjection(ctx: BaseContext, rawArgs: unknown): Promise<NoticeObjectionEntity> {
  return write(ctx, { operation: 'resolveNoticeObjection', scope: SUBSIDY_APPROVE }, async (tx) => {
    const input = parseInput(resolutionSchema, rawArgs, 'arguments');
    const objection = isUuid(input.objectionId) ? await tx.data.repository(NoticeObjectionEntity).findById(input.objectionId, { lock: true }) : null;
    if (!objection) throw notFound(`objection ${input.objectionId}`);
    if (objection.resolvedOn) throw conflict(`objection ${objection.id} was resolved on ${objection.resolvedOn}`);
    const resolved = { resolution: maskIdNumbersIn(input.resolution), resolvedOn: todayIso(), resolvedBy: ctx.principal.subject };
    await tx.manager.update(NoticeObjectionEntity, { id: objection.id }, resolved);
    tx.audit({ operation: 'resolveNoticeObjection', regionCode: objection.regionCode, entityType: 'NoticeObjection', entityId: objection.id, before: { status: 'OPEN' }, after: { status: 'RESOLVED', resolvedOn: resolved.resolvedOn } });
    return { ...objection, ...resolved };
  });
}

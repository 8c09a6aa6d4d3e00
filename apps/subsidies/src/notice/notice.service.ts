import { z } from 'zod';
import { academicYearSchema, todayIso, type RegionCode } from '@epg/domain';
import { isUuid } from '@epg/persistence';
import { badUserInput, notFound, parseInput, write, type BaseContext } from '@epg/subgraph-kit';
import { refreshCoverageRollup } from '../coverage-rollup/coverage-rollup';
import { EntitlementEntity } from '../entitlement/entitlement.entities';
import { SUBSIDY_APPROVE } from '../entitlement/ledger-rights';
import { NoticeEntity } from './notice.entity';

const noticeSchema = z.object({ schoolId: z.string(), academicYear: academicYearSchema });

/** Publishes (公示) the approved entitlements of a school and year; they become payable. */
export function publishSubsidyNotice(ctx: BaseContext, rawArgs: unknown): Promise<NoticeEntity> {
  return write(ctx, { operation: 'publishSubsidyNotice', scope: SUBSIDY_APPROVE }, async (tx) => {
    const { schoolId, academicYear } = parseInput(noticeSchema, rawArgs, 'arguments');
    if (!isUuid(schoolId)) throw notFound(`school ${schoolId}`);
    const rows = await tx.data.query<{
      id: string;
      regionCode: RegionCode;
      ruleCode: string;
      amountFen: number | null;
      personName: string | null;
      idNumberMasked: string | null;
    }>(
      (region) =>
        `SELECT e.id, e.region_code AS "regionCode", e.rule_code AS "ruleCode", e.amount_fen AS "amountFen",
                p.name AS "personName", p.id_number_masked AS "idNumberMasked"
           FROM entitlement e LEFT JOIN person_fact p ON p.person_id = e.person_id
          WHERE e.school_id = $2 AND e.academic_year = $3 AND e.status = 'APPROVED' AND ${region('e.region_code')}
          ORDER BY p.name, e.rule_code
          FOR UPDATE OF e`,
      [schoolId, academicYear],
    );
    if (rows.length === 0) {
      // A school with no line in the caller's region is not theirs to publish (and says nothing of whether it exists).
      const known = await tx.data.repository(EntitlementEntity).count('e', (qb) => qb.andWhere('e.school_id = :schoolId::uuid', { schoolId }));
      if (known === 0) throw badUserInput('schoolId: school not found in your region', [{ path: 'schoolId', message: 'school not found in your region' }]);
      throw badUserInput('schoolId: the school has no approved entitlements to publish for that year', [
        { path: 'schoolId', message: 'nothing approved to publish' },
      ]);
    }
    await tx.manager.query(`UPDATE entitlement SET status = 'PUBLICISED', publicised_at = now() WHERE id = ANY($1::uuid[])`, [rows.map((r) => r.id)]);
    await refreshCoverageRollup(tx.manager, [...new Set(rows.map((r) => r.regionCode))], academicYear);
    const notice = await tx.manager.save(NoticeEntity, {
      schoolId,
      academicYear,
      regionCode: rows[0]!.regionCode,
      publishedOn: todayIso(),
      publishedBy: ctx.principal.subject,
      // Masked ID numbers only: the notice is posted publicly.
      lines: rows.map((r) => ({ personName: r.personName ?? '', idNumberMasked: r.idNumberMasked ?? '', ruleCode: r.ruleCode, amountFen: r.amountFen })),
    });
    tx.audit({ operation: 'publishSubsidyNotice', regionCode: notice.regionCode, entityType: 'SubsidyNotice', entityId: notice.id, after: { schoolId, academicYear, lines: rows.length } });
    return notice;
  });
}

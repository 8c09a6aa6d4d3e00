import DataLoader from 'dataloader';
import { regionScopePrefix } from '@epg/auth';
import { manyByKey, oneByKey, type BaseContext } from '@epg/subgraph-kit';
import { findEntitlementsByIds, findEntitlementsOfPeople, findPayments, findSchoolTotals, type SchoolTotalsRow } from './entitlement/entitlement.repository';

/** Per-request context of the subsidies service: batched, region-scoped loaders. */
export function createSubsidiesContext(base: BaseContext) {
  const { dataSource } = base;
  const scope = regionScopePrefix(base.principal);
  return {
    ...base,
    loaders: {
      entitlement: oneByKey((ids: readonly string[]) => findEntitlementsByIds(dataSource, ids, scope), (e) => e.id),
      entitlementsOfPerson: manyByKey(
        (ids: readonly string[]) => findEntitlementsOfPeople(dataSource, ids.map((personId) => ({ personId, year: null })), scope),
        (e) => e.personId,
      ),
      payments: manyByKey((ids: readonly string[]) => findPayments(dataSource, ids), (p) => p.entitlementId),
      schoolTotals: new DataLoader<string, SchoolTotalsRow | null>(async (keys) => {
        const parsed = keys.map((k) => {
          const [schoolId, year] = k.split('|');
          return { schoolId: schoolId!, year: Number(year) };
        });
        const rows = await findSchoolTotals(dataSource, parsed, scope);
        const byKey = new Map(rows.map((r) => [`${r.schoolId}|${r.academicYear}`, r]));
        return keys.map((k) => byKey.get(k) ?? null);
      }),
    },
  };
}

export type SubsidiesContext = ReturnType<typeof createSubsidiesContext>;

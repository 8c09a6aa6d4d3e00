import DataLoader from 'dataloader';
import { withinSchoolScope } from '@epg/auth';
import { manyByKey, oneByKey, type BaseContext } from '@epg/subgraph-kit';
import { findEntitlementsByIds, findEntitlementsOfPeople, findPayments, findSchoolTotals, findTopUps, type SchoolTotalsRow } from './entitlement/entitlement.repository';

/** Per-request context of the subsidies service: batched loaders reading through the caller's scoped data. */
export function createSubsidiesContext(base: BaseContext) {
  const { data } = base;
  // SCHOOL staff see their own school's entitlements only.
  const own = <T extends { schoolId: string | null }>(rows: T[]) => rows.filter((r) => withinSchoolScope(base.principal, r.schoolId));
  return {
    ...base,
    loaders: {
      entitlement: oneByKey(async (ids: readonly string[]) => own(await findEntitlementsByIds(data, ids)), (e) => e.id),
      entitlementsOfPerson: manyByKey(async (ids: readonly string[]) => own(await findEntitlementsOfPeople(data, ids)), (e) => e.personId),
      topUps: manyByKey(async (ids: readonly string[]) => own(await findTopUps(data, ids)), (e) => e.topUpOf!),
      payments: manyByKey((ids: readonly string[]) => findPayments(data, ids), (p) => p.entitlementId),
      schoolTotals: new DataLoader<string, SchoolTotalsRow | null>(async (keys) => {
        const parsed = keys.map((k) => {
          const [schoolId, year] = k.split('|');
          return { schoolId: schoolId!, year: Number(year) };
        });
        const rows = await findSchoolTotals(data, parsed.filter((k) => withinSchoolScope(base.principal, k.schoolId)));
        const byKey = new Map(rows.map((r) => [`${r.schoolId}|${r.academicYear}`, r]));
        return keys.map((k) => byKey.get(k) ?? null);
      }),
    },
  };
}

export type SubsidiesContext = ReturnType<typeof createSubsidiesContext>;

import { manyByKey, oneByKey, type BaseContext } from '@epg/subgraph-kit';
import { findEnrolmentsByIds, findEnrolmentsOfPeople } from './enrolment/enrolment.repository';
import { findHouseholdSkills, type HouseholdSkill } from './household/skilled.repository';
import { refreshIfStale, refreshProjection } from './projection/projection.service';
import { findProgramsOfVisibleEnrolments, findVisiblePrograms } from './program/program.repository';
import { findTrainingsOfPeople } from './training/training.repository';

/** How old the projection may be before a read of hasSkilledMember refreshes it. */
export const PROJECTION_MAX_AGE_MS = 60_000;

/** Per-request context of the vocational service: batched loaders over the caller's scoped data. */
export function createVocationalContext(base: BaseContext) {
  const { data } = base;

  /**
   * 1户1人 of a batch of households: the projection is refreshed when stale, and once more when a
   * household is unknown to it (registered since the last refresh); one statement per batch.
   */
  const householdSkills = async (ids: readonly string[]): Promise<HouseholdSkill[]> => {
    await refreshIfStale(base, base.principal.regionCode, PROJECTION_MAX_AGE_MS);
    const found = await findHouseholdSkills(data, ids);
    if (found.length >= ids.length) return found;
    const known = new Set(found.map((h) => h.householdId));
    await refreshProjection(base, base.principal.regionCode);
    return [...found, ...(await findHouseholdSkills(data, ids.filter((id) => !known.has(id))))];
  };

  return {
    ...base,
    loaders: {
      program: oneByKey((ids: readonly string[]) => findVisiblePrograms(data, base.principal, ids), (p) => p.id),
      /** Programmes of enrolments the caller can see, whatever the school's region. */
      programOfEnrolment: oneByKey((ids: readonly string[]) => findProgramsOfVisibleEnrolments(data, ids), (p) => p.id),
      enrolment: oneByKey((ids: readonly string[]) => findEnrolmentsByIds(data, ids), (e) => e.id),
      enrolmentsOfPerson: manyByKey((ids: readonly string[]) => findEnrolmentsOfPeople(data, ids), (e) => e.personId),
      trainingsOfPerson: manyByKey((ids: readonly string[]) => findTrainingsOfPeople(data, ids), (t) => t.personId),
      householdSkill: oneByKey(householdSkills, (h) => h.householdId),
    },
  };
}

export type VocationalContext = ReturnType<typeof createVocationalContext>;

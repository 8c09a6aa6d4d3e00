import { manyByKey, oneByKey, type BaseContext } from '@epg/subgraph-kit';
import { findEnrolmentsByIds, findEnrolmentsOfPeople } from './enrolment/enrolment.repository';
import { findHouseholdSkills, type HouseholdSkill } from './household/skilled.repository';
import { findProgramsOfVisibleEnrolments, findVisiblePrograms } from './program/program.repository';
import { findTrainingsOfPeople } from './training/training.repository';

/** Per-request context of the vocational service: batched loaders over the caller's scoped data. */
export function createVocationalContext(base: BaseContext) {
  const { data } = base;

  /**
   * 1户1人 of a batch of households, from the projection as the background consumer keeps it (a
   * read never refreshes it): one statement per batch.
   */
  const householdSkills = (ids: readonly string[]): Promise<HouseholdSkill[]> => findHouseholdSkills(data, ids);

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

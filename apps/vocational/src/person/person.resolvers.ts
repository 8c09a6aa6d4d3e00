import type { Resolvers } from '../generated/resolvers-types';

export const personResolvers: Resolvers = {
  Person: {
    // Owned by households: resolved by key without I/O; each field below reads through a
    // batched loader limited to the caller's region scope.
    __resolveReference: (ref) => ({ id: ref.id }),
    vocationalEnrolments: (person, _args, ctx) => ctx.loaders.enrolmentsOfPerson.load(person.id),
    skillsTrainings: (person, _args, ctx) => ctx.loaders.trainingsOfPerson.load(person.id),
  },
};

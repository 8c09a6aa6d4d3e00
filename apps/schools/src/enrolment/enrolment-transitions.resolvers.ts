import type { Resolvers } from '../generated/resolvers-types';
import { findDropoutCaseFor } from './enrolment-transitions.repository';
import { correctEnrolment, dropOutStudent, graduateStudent, listEnrolments, resumeStudent, schoolRoster, suspendStudent } from './enrolment-transitions.service';

export const enrolmentTransitionResolvers: Resolvers = {
  Query: {
    schoolRoster: (_parent, args, ctx) => schoolRoster(ctx, args),
    enrolments: (_parent, args, ctx) => listEnrolments(ctx, args),
  },
  Mutation: {
    graduateStudent: (_parent, { input }, ctx) => graduateStudent(ctx, input),
    suspendStudent: (_parent, { input }, ctx) => suspendStudent(ctx, input),
    resumeStudent: (_parent, { input }, ctx) => resumeStudent(ctx, input),
    dropOutStudent: (_parent, { input }, ctx) => dropOutStudent(ctx, input),
    correctEnrolment: (_parent, { input }, ctx) => correctEnrolment(ctx, input),
  },
  Enrolment: {
    history: (enrolment, _args, ctx) => ctx.loaders.transitionsOfEnrolment.load(enrolment.id),
    dropoutCase: (enrolment, _args, ctx) => findDropoutCaseFor(ctx.data, enrolment.personId, enrolment.academicYear),
  },
  EnrolmentTransition: {
    changes: (t) => Object.entries(t.changes ?? {}).map(([field, c]) => `${field}: ${String(c.from)} → ${String(c.to)}`),
  },
};

import { EnrolmentEntity } from '../enrolment/enrolment.entity';
import type { Resolvers } from '../generated/resolvers-types';
import { correctUniversityAdmission, listUniversityAdmissions, recordUniversityAdmission, withdrawUniversityAdmission } from './admission.service';

export const admissionResolvers: Resolvers = {
  Query: {
    universityAdmissions: (_parent, args, ctx) => listUniversityAdmissions(ctx, args),
  },
  Mutation: {
    recordUniversityAdmission: (_parent, { input }, ctx) => recordUniversityAdmission(ctx, input),
    correctUniversityAdmission: (_parent, { input }, ctx) => correctUniversityAdmission(ctx, input),
    withdrawUniversityAdmission: (_parent, args, ctx) => withdrawUniversityAdmission(ctx, args),
  },
  UniversityAdmission: {
    person: (a) => ({ id: a.personId }),
    school: (a, _args, ctx) => ctx.loaders.school.load(a.schoolId),
    enrolment: (a, _args, ctx) => ctx.data.repository(EnrolmentEntity).findById(a.enrolmentId),
  },
};

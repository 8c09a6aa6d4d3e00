import type { Resolvers } from '../generated/resolvers-types';
import { changeProjectStatus, createProject, recordFacilityGap } from './facility.service';

export const facilityResolvers: Resolvers = {
  Mutation: {
    recordFacilityGap: (_parent, { input }, ctx) => recordFacilityGap(ctx, input),
    createProject: (_parent, { input }, ctx) => createProject(ctx, input),
    changeProjectStatus: (_parent, { input }, ctx) => changeProjectStatus(ctx, input),
  },
  School: {
    facilityGaps: (school, _args, ctx) => ctx.loaders.gapsOfSchool.load(school.id),
    projects: (school, _args, ctx) => ctx.loaders.projectsOfSchool.load(school.id),
  },
  FacilityGap: {
    closed: (gap, _args, ctx) => ctx.loaders.gapClosed.load(gap.id),
    school: (gap, _args, ctx) => ctx.loaders.school.load(gap.schoolId),
  },
  Project: {
    funding: (p) => ({ financeFen: p.financeFen, povertyAlleviationLoanFen: p.povertyLoanFen, socialFen: p.socialFen }),
    history: (p, _args, ctx) => ctx.loaders.projectHistory.load(p.id),
    closesGaps: (p, _args, ctx) => ctx.loaders.gapsClosedByProject.load(p.id),
    school: (p, _args, ctx) => (p.schoolId ? ctx.loaders.school.load(p.schoolId) : null),
  },
};

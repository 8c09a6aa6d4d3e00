import { z } from 'zod';
import { academicYearSchema, academicYearStart, regionCodeSchema } from '@epg/domain';
import { parseInput, parsePageArgs, toConnection } from '@epg/subgraph-kit';
import type { Resolvers } from '../generated/resolvers-types';
import { countEnrolmentList, countTwoAfter, findEnrolmentPage, findTwoAfterPage } from './enrolment.repository';
import { detectNonContinuingGraduates } from './two-after-detection';
import { currentAcademicYear, TWO_AFTER_AGE, yearOfStudy } from './enrolment.rules';
import {
  enrolVocational,
  flagNonContinuingGraduate,
  graduateVocational,
  recordEmploymentOutcome,
  withdrawVocational,
} from './enrolment.service';

export const enrolmentResolvers: Resolvers = {
  Query: {
    vocationalEnrolment: (_parent, { id }, ctx) => ctx.loaders.enrolment.load(id),
    twoAfterStudentsNotEnrolled: async (_parent, args, ctx) => {
      const regionCode = parseInput(regionCodeSchema, args.regionCode, 'regionCode');
      const data = ctx.data.narrowTo(regionCode);
      const academicYear = args.academicYear == null ? currentAcademicYear() : parseInput(academicYearSchema, args.academicYear, 'academicYear');
      const page = parsePageArgs(args);
      // The projection as the background consumer keeps it (a read never refreshes it).
      const filter = { onDate: academicYearStart(academicYear), ageFrom: TWO_AFTER_AGE.from, ageTo: TWO_AFTER_AGE.to };
      const rows = await findTwoAfterPage(data, filter, page);
      return toConnection(rows, page, (r) => [r.personId], () => countTwoAfter(data, filter));
    },
    vocationalEnrolments: async (_parent, args, ctx) => {
      const regionCode = parseInput(regionCodeSchema, args.regionCode, 'regionCode');
      const programId = args.programId == null ? null : parseInput(z.string().uuid('not an id this graph issued'), args.programId, 'programId');
      const data = ctx.data.narrowTo(regionCode);
      const page = parsePageArgs(args);
      const academicYear = args.academicYear == null ? null : parseInput(academicYearSchema, args.academicYear, 'academicYear');
      const filter = { programId, status: args.status ?? null, academicYear };
      const rows = await findEnrolmentPage(data, filter, page);
      return toConnection(rows, page, (e) => [e.id], () => countEnrolmentList(data, filter));
    },
  },
  Mutation: {
    detectNonContinuingGraduates: (_parent, args, ctx) => detectNonContinuingGraduates(ctx, args),
    enrolVocational: (_parent, { input }, ctx) => enrolVocational(ctx, input),
    graduateVocational: (_parent, args, ctx) => graduateVocational(ctx, args),
    withdrawVocational: (_parent, args, ctx) => withdrawVocational(ctx, args),
    recordEmploymentOutcome: (_parent, args, ctx) => recordEmploymentOutcome(ctx, args),
    flagNonContinuingGraduate: (_parent, args, ctx) => flagNonContinuingGraduate(ctx, args),
  },
  VocationalEnrolment: {
    person: (enrolment) => ({ id: enrolment.personId }),
    program: (enrolment, _args, ctx) => ctx.loaders.programOfEnrolment.load(enrolment.programId),
    yearOfStudy: async (enrolment, args, ctx) => {
      const asOf = args.asOfYear == null ? currentAcademicYear() : parseInput(academicYearSchema, args.asOfYear, 'asOfYear');
      const program = await ctx.loaders.programOfEnrolment.load(enrolment.programId);
      return yearOfStudy(enrolment, program?.durationYears ?? 1, asOf);
    },
    employment: (enrolment) =>
      enrolment.employed === null ? null : { employed: enrolment.employed, employer: enrolment.employer, since: enrolment.employedSince },
  },
  NonContinuingGraduate: {
    person: (row) => ({ id: row.personId }),
    household: (row) => (row.householdId ? { id: row.householdId } : null),
    villageCode: (row) => row.regionCode,
    flaggedAt: (row) => row.flaggedAt.toISOString(),
  },
};

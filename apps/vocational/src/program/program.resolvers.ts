import { regionCodeSchema } from '@epg/domain';
import { parseInput, parsePageArgs, toConnection } from '@epg/subgraph-kit';
import type { Resolvers } from '../generated/resolvers-types';
import { countPrograms, findProgramPage } from './program.repository';
import { createVocationalProgram } from './program.service';

export const programResolvers: Resolvers = {
  Query: {
    vocationalProgram: (_parent, { id }, ctx) => ctx.loaders.program.load(id),
    vocationalPrograms: async (_parent, args, ctx) => {
      const regionCode = parseInput(regionCodeSchema, args.regionCode, 'regionCode');
      const data = ctx.data.narrowTo(regionCode);
      const page = parsePageArgs(args);
      const rows = await findProgramPage(data, page);
      return toConnection(rows, page, (p) => [p.id], () => countPrograms(data));
    },
  },
  Mutation: {
    createVocationalProgram: (_parent, { input }, ctx) => createVocationalProgram(ctx, input),
  },
  VocationalProgram: {
    __resolveReference: (ref, ctx) => ctx.loaders.program.load(ref.id),
    school: (program) => ({ id: program.schoolId }),
  },
};

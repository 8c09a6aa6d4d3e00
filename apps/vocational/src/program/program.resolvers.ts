import { effectiveRegionPrefix, forbidden } from '@epg/auth';
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
      const prefix = effectiveRegionPrefix(ctx.principal, regionCode);
      if (prefix === null) throw forbidden(`region ${regionCode} is outside your region scope`);
      const page = parsePageArgs(args);
      const rows = await findProgramPage(ctx.dataSource, prefix, page);
      return toConnection(rows, page, (p) => [p.id], () => countPrograms(ctx.dataSource, prefix));
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

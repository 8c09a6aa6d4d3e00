import { reportPrefix } from '@epg/auth';
import { academicYearSchema } from '@epg/domain';
import { parseInput } from '@epg/subgraph-kit';
import type { Resolvers } from '../generated/resolvers-types';
import { facilitySummary } from '../facility/facility.repository';
import { educationIndicators } from './indicators';

export const regionResolvers: Resolvers = {
  Region: {
    __resolveReference: (ref) => ({ code: ref.code }),
    educationIndicators: (region, args, ctx) => {
      const academicYear = parseInput(academicYearSchema, args.academicYear, 'academicYear');
      const prefix = reportPrefix(ctx.principal, region.code);
      if (prefix === null) return null;
      return educationIndicators(ctx.dataSource, region.code, prefix, academicYear);
    },
    facilitySummary: (region, _args, ctx) => {
      const prefix = reportPrefix(ctx.principal, region.code);
      if (prefix === null) return null;
      return facilitySummary(ctx.dataSource, prefix);
    },
  },
};

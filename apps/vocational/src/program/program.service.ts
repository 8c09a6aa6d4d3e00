import { z } from 'zod';
import { assertCanWrite } from '@epg/auth';
import { recordAudit } from '@epg/persistence';
import { parseInput, type BaseContext } from '@epg/subgraph-kit';
import { VocationalProgramEntity } from './program.entity';
import { insertProgram } from './program.repository';
import { lookUpVocationalSchool } from './school-lookup';

export const programInputSchema = z.object({
  schoolId: z.string().min(1, 'required'),
  major: z.string().trim().min(1, 'must not be empty').max(100, 'at most 100 characters'),
  agricultural: z.boolean(),
  durationYears: z.number().int('whole years').min(1, 'between 1 and 5 years').max(5, 'between 1 and 5 years'),
});

/** Creates a programme at a SECONDARY_VOCATIONAL school inside the caller's region scope. */
export async function createVocationalProgram(ctx: BaseContext, input: unknown): Promise<VocationalProgramEntity> {
  assertCanWrite(ctx.principal);
  const valid = parseInput(programInputSchema, input, 'input');
  const school = await lookUpVocationalSchool(ctx, valid.schoolId, 'input.schoolId');
  return ctx.dataSource.transaction(async (manager) => {
    const program = await insertProgram(manager, {
      schoolId: school.id,
      regionCode: school.regionCode,
      major: valid.major,
      agricultural: valid.agricultural,
      durationYears: valid.durationYears,
    });
    await recordAudit(manager, ctx, { operation: 'createVocationalProgram', entityType: 'VocationalProgram', entityId: program.id, after: program });
    return program;
  });
}

import { z } from 'zod';
import { parseInput, write, type BaseContext } from '@epg/subgraph-kit';
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
export function createVocationalProgram(ctx: BaseContext, input: unknown): Promise<VocationalProgramEntity> {
  return write(ctx, { operation: 'createVocationalProgram' }, async (tx) => {
    const valid = parseInput(programInputSchema, input, 'input');
    const school = await lookUpVocationalSchool(ctx, valid.schoolId, 'input.schoolId');
    const program = await insertProgram(tx.data, {
      schoolId: school.id,
      regionCode: school.regionCode,
      major: valid.major,
      agricultural: valid.agricultural,
      durationYears: valid.durationYears,
    });
    tx.audit({ operation: 'createVocationalProgram', regionCode: program.regionCode, entityType: 'VocationalProgram', entityId: program.id, after: program });
    return program;
  });
}

import { z } from 'zod';
import { modelSchoolLevelSchema, regionCodeSchema, schoolOwnershipSchema, schoolTypeSchema } from '@epg/domain';

/** A school sits in a township (9 digits) or a village (12 digits). */
export const schoolRegionCodeSchema = regionCodeSchema.refine(
  (code) => code.length === 9 || code.length === 12,
  'a school is registered in a township (9 digits) or a village (12 digits)',
);

export const digitalCoverageSchema = z
  .object({
    broadband: z.boolean(),
    classrooms: z.number().int().min(0, 'cannot be negative').max(10_000),
    multimediaClassrooms: z.number().int().min(0, 'cannot be negative').max(10_000),
    linkedToProvincialPlatform: z.boolean(),
  })
  .refine((d) => d.multimediaClassrooms <= d.classrooms, {
    message: 'cannot exceed the number of classrooms',
    path: ['multimediaClassrooms'],
  });

const nameSchema = z.string().trim().min(1, 'a name is required').max(200, 'at most 200 characters');

export const registerSchoolSchema = z.object({
  code: z.string().regex(/^\d{10}$/, 'a school identification code has 10 digits'),
  name: nameSchema,
  type: schoolTypeSchema,
  ownership: schoolOwnershipSchema,
  regionCode: schoolRegionCodeSchema,
  inPovertyArea: z.boolean(),
  modelLevel: modelSchoolLevelSchema.nullish(),
  digitalCoverage: digitalCoverageSchema.nullish(),
});
export type RegisterSchoolValues = z.output<typeof registerSchoolSchema>;

export const updateSchoolSchema = z.object({
  name: nameSchema.nullish(),
  type: schoolTypeSchema.nullish(),
  ownership: schoolOwnershipSchema.nullish(),
  regionCode: schoolRegionCodeSchema.nullish(),
  inPovertyArea: z.boolean().nullish(),
  modelLevel: modelSchoolLevelSchema.nullish(),
  digitalCoverage: digitalCoverageSchema.nullish(),
});
export type UpdateSchoolValues = z.output<typeof updateSchoolSchema>;

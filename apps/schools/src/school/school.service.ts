import { assertRegionInScope, regionScopePrefix, requireRegionPrefix } from '@epg/auth';
import { regionCodeSchema, schoolTypeSchema } from '@epg/domain';
import { conflict, notFound, parseInput, parsePageArgs, toConnection, type BaseContext } from '@epg/subgraph-kit';
import { z } from 'zod';
import { isUniqueViolation } from '@epg/persistence';
import { writeTransaction } from '../shared/writes';
import { SchoolEntity } from './school.entity';
import { countSchools, findSchoolByCode, findSchoolPage, lockSchoolInRegion } from './school.repository';
import { registerSchoolSchema, updateSchoolSchema } from './school.schemas';
import type { SchoolConnectionValue } from './school-connection';

type Ctx = Pick<BaseContext, 'principal' | 'requestId' | 'dataSource'>;

const schoolFilterSchema = z.object({ regionCode: regionCodeSchema, type: schoolTypeSchema.nullish() });


export async function listSchools(
  ctx: Ctx,
  args: { filter: unknown; first: number; after?: string | null },
): Promise<SchoolConnectionValue> {
  const filter = parseInput(schoolFilterSchema, args.filter, 'filter');
  const page = parsePageArgs(args);
  const listFilter = { regionPrefix: requireRegionPrefix(ctx.principal, filter.regionCode), type: filter.type };
  const rows = await findSchoolPage(ctx.dataSource, listFilter, page);
  return toConnection(rows, page, (s) => [s.code], () => countSchools(ctx.dataSource, listFilter));
}

function snapshot(s: SchoolEntity) {
  return { ...s };
}

export async function registerSchool(ctx: Ctx, rawInput: unknown): Promise<SchoolEntity> {
  const input = parseInput(registerSchoolSchema, rawInput, 'input');
  assertRegionInScope(ctx.principal, input.regionCode);
  try {
    return await writeTransaction(ctx, async (manager) => {
      const existing = await findSchoolByCode(manager, input.code);
      if (existing) throw duplicateCode(input.code);
      const digital = input.digitalCoverage;
      const school = manager.getRepository(SchoolEntity).create({
        code: input.code,
        name: input.name,
        type: input.type,
        ownership: input.ownership,
        regionCode: input.regionCode,
        inPovertyArea: input.inPovertyArea,
        modelLevel: input.modelLevel ?? null,
        hasBroadband: digital?.broadband ?? false,
        classrooms: digital?.classrooms ?? 0,
        multimediaClassrooms: digital?.multimediaClassrooms ?? 0,
        linkedToProvincialPlatform: digital?.linkedToProvincialPlatform ?? false,
      });
      const saved = await manager.getRepository(SchoolEntity).save(school);
      return {
        result: saved,
        audit: { operation: 'registerSchool', entityType: 'School', entityId: saved.id, after: snapshot(saved) },
      };
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw duplicateCode(input.code);
    throw err;
  }
}

function duplicateCode(code: string) {
  return conflict(`a school with code ${code} is already registered`, { field: 'input.code' });
}

export async function updateSchool(ctx: Ctx, id: string, rawInput: unknown): Promise<SchoolEntity> {
  const input = parseInput(updateSchoolSchema, rawInput, 'input');
  if (input.regionCode) assertRegionInScope(ctx.principal, input.regionCode);
  return writeTransaction(ctx, async (manager) => {
    const school = await lockSchoolInRegion(manager, id, regionScopePrefix(ctx.principal));
    if (!school) throw notFound('school');
    const before = snapshot(school);
    if (input.name != null) school.name = input.name;
    if (input.type != null) school.type = input.type;
    if (input.ownership != null) school.ownership = input.ownership;
    if (input.regionCode != null) school.regionCode = input.regionCode;
    if (input.inPovertyArea != null) school.inPovertyArea = input.inPovertyArea;
    if (rawInput && typeof rawInput === 'object' && 'modelLevel' in rawInput) school.modelLevel = input.modelLevel ?? null;
    if (input.digitalCoverage) {
      school.hasBroadband = input.digitalCoverage.broadband;
      school.classrooms = input.digitalCoverage.classrooms;
      school.multimediaClassrooms = input.digitalCoverage.multimediaClassrooms;
      school.linkedToProvincialPlatform = input.digitalCoverage.linkedToProvincialPlatform;
    }
    const saved = await manager.getRepository(SchoolEntity).save(school);
    return {
      result: saved,
      audit: { operation: 'updateSchool', entityType: 'School', entityId: saved.id, before, after: snapshot(saved) },
    };
  });
}

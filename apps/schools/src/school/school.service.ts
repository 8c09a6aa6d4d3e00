import type { EntityManager } from 'typeorm';
import { assertRegionInScope } from '@epg/auth';
import { regionCodeSchema, schoolTypeSchema } from '@epg/domain';
import { isUniqueViolation } from '@epg/persistence';
import { badUserInput, conflict, notFound, openWrite, parseInput, parsePageArgs, toConnection, type BaseContext } from '@epg/subgraph-kit';
import { z } from 'zod';
import { SchoolEntity } from './school.entity';
import { countSchools, findSchoolByCode, findSchoolPage, lockSchool, moveSchoolRows } from './school.repository';
import { registerSchoolSchema, updateSchoolSchema } from './school.schemas';
import type { SchoolConnectionValue } from './school-connection';
import { typeChangeIssue, type EnrolledClass } from './school-type.rules';
import { assertRegionOnRegister } from '../region/region-ref';

const schoolFilterSchema = z.object({ regionCode: regionCodeSchema, type: schoolTypeSchema.nullish() });

export async function listSchools(
  ctx: BaseContext,
  args: { filter: unknown; first: number; after?: string | null },
): Promise<SchoolConnectionValue> {
  const filter = parseInput(schoolFilterSchema, args.filter, 'filter');
  const page = parsePageArgs(args);
  if (page.after && page.after.length !== 1) throw badUserInput('after: not a cursor this list returned', [{ path: 'after', message: 'not a cursor this list returned' }]);
  // The requested region, narrowed to the caller's scope (FORBIDDEN when the two do not overlap).
  const data = ctx.data.narrowTo(filter.regionCode);
  const listFilter = { type: filter.type };
  const rows = await findSchoolPage(data, listFilter, page);
  return toConnection(rows, page, (s) => [s.code], () => countSchools(data, listFilter));
}

function snapshot(s: SchoolEntity) {
  return { ...s };
}

function duplicateCode(code: string) {
  return conflict(`a school with code ${code} is already registered`, { field: 'input.code' });
}

export async function registerSchool(ctx: BaseContext, rawInput: unknown): Promise<SchoolEntity> {
  const input = parseInput(registerSchoolSchema, rawInput, 'input');
  assertRegionInScope(ctx.principal, input.regionCode);
  // Rights first, then the region asked of its owner, outside the transaction.
  const register = openWrite(ctx, { operation: 'registerSchool' });
  await assertRegionOnRegister(ctx, input.regionCode, 'input.regionCode');
  return register.run(async (tx) => {
    const existing = await findSchoolByCode(tx.manager, input.code);
    if (existing) throw duplicateCode(input.code);
    const digital = input.digitalCoverage;
    const repo = tx.manager.getRepository(SchoolEntity);
    const school = repo.create({
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
    // A concurrent registration of the same code: CONFLICT naming the field (the envelope's
    // `onUniqueViolation` carries no details, so the violation is mapped here).
    const saved = await repo.save(school).catch((err: unknown) => {
      throw isUniqueViolation(err) ? duplicateCode(input.code) : err;
    });
    tx.audit({ operation: 'registerSchool', regionCode: saved.regionCode, entityType: 'School', entityId: saved.id, after: snapshot(saved) });
    return saved;
  });
}

export async function updateSchool(ctx: BaseContext, id: string, rawInput: unknown): Promise<SchoolEntity> {
  const input = parseInput(updateSchoolSchema, rawInput, 'input');
  if (input.regionCode) assertRegionInScope(ctx.principal, input.regionCode);
  const update = openWrite(ctx, { operation: 'updateSchool' });
  if (input.regionCode) await assertRegionOnRegister(ctx, input.regionCode, 'input.regionCode');
  return update.run(async (tx) => {
    const school = await lockSchool(tx.data, id);
    if (!school) throw notFound('school');
    const before = snapshot(school);
    if (input.name != null) school.name = input.name;
    if (input.type != null && input.type !== school.type) {
      const typeIssue = typeChangeIssue(input.type, await findEnrolledClasses(tx.manager, school.id));
      if (typeIssue) throw badUserInput(`input.type: ${typeIssue}`, [{ path: 'input.type', message: typeIssue }]);
      school.type = input.type;
    }
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
    const saved = await tx.manager.getRepository(SchoolEntity).save(school);
    if (saved.regionCode !== before.regionCode) await moveSchoolRows(tx.manager, saved.id, saved.regionCode);
    // A school moved to another region: the entry is placed in both (each region's auditors see it).
    tx.audit(
      [...new Set([before.regionCode, saved.regionCode])].map((regionCode) => ({
        operation: 'updateSchool',
        regionCode,
        entityType: 'School',
        entityId: saved.id,
        before,
        after: snapshot(saved),
      })),
    );
    return saved;
  });
}

/** The school's ENROLLED pupils by stage and grade (any academic year still ENROLLED). */
async function findEnrolledClasses(manager: EntityManager, schoolId: string): Promise<EnrolledClass[]> {
  const rows: { stage: EnrolledClass['stage']; grade: number; pupils: string }[] = await manager.query(
    `SELECT stage, grade, count(*) AS pupils FROM enrolment WHERE school_id = $1 AND status = 'ENROLLED' GROUP BY stage, grade ORDER BY stage, grade`,
    [schoolId],
  );
  return rows.map((r) => ({ stage: r.stage, grade: r.grade, pupils: Number(r.pupils) }));
}

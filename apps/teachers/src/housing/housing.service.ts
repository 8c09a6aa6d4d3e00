import { z } from 'zod';
import { assertRegionInScope } from '@epg/auth';
import { isoDateSchema, plausibleDateSchema, regionCodeSchema, todayIso, type RegionCode } from '@epg/domain';
import { badUserInput, conflict, notFound, parseInput, openWrite, write, type BaseContext } from '@epg/subgraph-kit';
import { POLICY_ADMIN } from '../allowance/allowance.rules';
import { lookUpSchool } from '../school/school-ref';
import { lockTeacher } from '../teacher/teacher.service';
import { HousingAllocationEntity, HousingTargetEntity, HousingUnitEntity } from './housing.entities';
import { countHousing, findTarget } from './housing.repository';
import {
  allocationDateProblem,
  assertHousingTargetSetter,
  builtOnSchema,
  housingFigures,
  housingTargetSchema,
  overlappingLetting,
} from './housing.rules';

const uuid = z.string().uuid('not an id of this graph');

export const housingUnitSchema = z.object({
  schoolId: uuid,
  label: z.string().trim().min(1, 'the label is required').max(50),
  builtOn: builtOnSchema.nullish(),
});

/** A letting starts on a recorded day (not in the future); its end may be planned. */
export const allocateHousingSchema = z
  .object({ unitId: uuid, teacherId: uuid, fromDate: plausibleDateSchema(), toDate: isoDateSchema.nullish() })
  .refine((a) => !a.toDate || a.toDate >= a.fromDate, { path: ['toDate'], message: 'the end date comes after the start date' });

/** The allocation of a list (any order) that covers a day. */
export function allocationOn<A extends { fromDate: string; toDate: string | null }>(allocations: readonly A[], day: string): A | null {
  return allocations.find((a) => a.fromDate <= day && (a.toDate === null || a.toDate >= day)) ?? null;
}

export async function addHousingUnit(ctx: BaseContext, rawInput: unknown): Promise<HousingUnitEntity> {
  // Rights first; the school is read through the graph (inside the caller's scope) before the transaction.
  const add = openWrite(ctx, { operation: 'addHousingUnit' });
  const input = parseInput(housingUnitSchema, rawInput, 'input');
  const school = await lookUpSchool(ctx, input.schoolId, 'input.schoolId');
  return add.run(async (tx) => {
    const repo = tx.manager.getRepository(HousingUnitEntity);
    // A label is unique per school (a school found inside the scope): checked over all its units.
    if (await repo.exists({ where: { schoolId: school.id, label: input.label } })) {
      throw conflict(`the school already has a unit labelled ${input.label}`);
    }
    const unit = await repo.save(repo.create({ schoolId: school.id, regionCode: school.regionCode, label: input.label, builtOn: input.builtOn ?? null }));
    tx.audit({ operation: 'addHousingUnit', regionCode: unit.regionCode, entityType: 'HousingUnit', entityId: unit.id, after: { ...unit } });
    return unit;
  });
}

/**
 * Lets a unit to a teacher. A unit houses one teacher at a time and a teacher holds one unit at a
 * time (no double allocation, none beyond a unit's capacity of one); the letting starts on a
 * recorded day, not before the unit was built or the teacher started.
 */
export function allocateHousing(ctx: BaseContext, rawInput: unknown): Promise<HousingAllocationEntity> {
  return write(ctx, { operation: 'allocateHousing' }, async (tx) => {
    const input = parseInput(allocateHousingSchema, rawInput, 'input');
    const unit = await tx.data.repository(HousingUnitEntity).findById(input.unitId, { lock: true });
    if (!unit) throw notFound('housing unit');
    const teacher = await lockTeacher(tx.data, input.teacherId);
    const problem = allocationDateProblem(input.fromDate, unit, teacher);
    if (problem) throw badUserInput(`input.fromDate: ${problem}`, [{ path: 'input.fromDate', message: problem }]);
    const repo = tx.manager.getRepository(HousingAllocationEntity);
    const span = { fromDate: input.fromDate, toDate: input.toDate ?? null };
    // The unit and the teacher are locked and inside the scope: their lettings are read whole.
    const clash = overlappingLetting(await repo.find({ where: { unitId: unit.id } }), span);
    if (clash) throw conflict(`the unit is let from ${clash.fromDate}${clash.toDate ? ` to ${clash.toDate}` : ''}`);
    const held = overlappingLetting(await repo.find({ where: { teacherId: teacher.id } }), span);
    if (held) throw conflict(`the teacher already holds a unit from ${held.fromDate}${held.toDate ? ` to ${held.toDate}` : ''}`);
    const allocation = await repo.save(repo.create({ unitId: unit.id, teacherId: teacher.id, ...span }));
    tx.audit({ operation: 'allocateHousing', regionCode: unit.regionCode, entityType: 'HousingAllocation', entityId: allocation.id, after: { ...allocation } });
    return allocation;
  });
}

/** Sets (or replaces) a region's rental-housing target: policy:admin at a province, city or county office. */
export function setHousingTarget(ctx: BaseContext, rawInput: unknown): Promise<HousingTargetEntity> {
  return write(ctx, { operation: 'setHousingTarget', scope: POLICY_ADMIN }, async (tx) => {
    assertHousingTargetSetter(ctx.principal);
    const input = parseInput(housingTargetSchema, rawInput, 'input');
    // The target belongs to the region asked for: it must lie inside the caller's scope.
    assertRegionInScope(ctx.principal, input.regionCode);
    const repo = tx.manager.getRepository(HousingTargetEntity);
    const before = await repo.findOne({ where: { regionCode: input.regionCode }, lock: { mode: 'pessimistic_write' } });
    const target = repo.create({ regionCode: input.regionCode, units: input.units, dueOn: input.dueOn });
    await repo.upsert(target, ['regionCode']);
    tx.audit({ operation: 'setHousingTarget', regionCode: input.regionCode, entityType: 'HousingTarget', entityId: input.regionCode, before: before ? { ...before } : undefined, after: { ...target } });
    return target;
  });
}

export interface HousingSummary {
  regionCode: RegionCode;
  on: string;
  target: HousingTargetEntity | null;
  built: number;
  allocated: number;
  vacant: number;
  shortfall: number | null;
}

/** A region's rental housing on a day (default today): its target, units built, let and vacant. */
export async function housingSummary(ctx: BaseContext, args: { regionCode: string; on?: string | null }): Promise<HousingSummary> {
  const regionCode = parseInput(regionCodeSchema, args.regionCode, 'regionCode');
  const on = args.on == null ? todayIso() : parseInput(isoDateSchema, args.on, 'on');
  const data = ctx.data.narrowTo(regionCode);
  const [target, counts] = await Promise.all([findTarget(data, regionCode), countHousing(data, on)]);
  return { regionCode, on, target, ...housingFigures(counts, target?.units ?? null) };
}

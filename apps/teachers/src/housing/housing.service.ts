import { z } from 'zod';
import { isoDateSchema } from '@epg/domain';
import { badUserInput, conflict, notFound, parseInput, openWrite, write, type BaseContext } from '@epg/subgraph-kit';
import { lookUpSchool } from '../school/school-ref';
import { rangesOverlap } from '../teacher/dates';
import { lockTeacher } from '../teacher/teacher.service';
import { HousingAllocationEntity, HousingUnitEntity } from './housing.entities';

const uuid = z.string().uuid('not an id of this graph');

export const housingUnitSchema = z.object({
  schoolId: uuid,
  label: z.string().trim().min(1, 'the label is required').max(50),
});

export const allocateHousingSchema = z
  .object({ unitId: uuid, teacherId: uuid, fromDate: isoDateSchema, toDate: isoDateSchema.nullish() })
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
    const unit = await repo.save(repo.create({ schoolId: school.id, regionCode: school.regionCode, label: input.label }));
    tx.audit({ operation: 'addHousingUnit', regionCode: unit.regionCode, entityType: 'HousingUnit', entityId: unit.id, after: { ...unit } });
    return unit;
  });
}

export function allocateHousing(ctx: BaseContext, rawInput: unknown): Promise<HousingAllocationEntity> {
  return write(ctx, { operation: 'allocateHousing' }, async (tx) => {
    const input = parseInput(allocateHousingSchema, rawInput, 'input');
    const unit = await tx.data.repository(HousingUnitEntity).findById(input.unitId, { lock: true });
    if (!unit) throw notFound('housing unit');
    const teacher = await lockTeacher(tx.data, input.teacherId);
    if (teacher.leftOn !== null && teacher.leftOn < input.fromDate) {
      throw badUserInput('the teacher has left the service', [{ path: 'input.teacherId', message: 'left the service' }]);
    }
    const repo = tx.manager.getRepository(HousingAllocationEntity);
    // The unit is locked and inside the scope: its allocations are read whole.
    const existing = await repo.find({ where: { unitId: unit.id } });
    const toDate = input.toDate ?? null;
    const clash = existing.find((a) => rangesOverlap(a.fromDate, a.toDate, input.fromDate, toDate));
    if (clash) throw conflict(`the unit is let from ${clash.fromDate}${clash.toDate ? ` to ${clash.toDate}` : ''}`);
    const allocation = await repo.save(repo.create({ unitId: unit.id, teacherId: teacher.id, fromDate: input.fromDate, toDate }));
    tx.audit({ operation: 'allocateHousing', regionCode: unit.regionCode, entityType: 'HousingAllocation', entityId: allocation.id, after: { ...allocation } });
    return allocation;
  });
}

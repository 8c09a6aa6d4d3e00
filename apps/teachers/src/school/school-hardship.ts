import type { EntityManager } from 'typeorm';
import type { RegionCode } from '@epg/domain';
import { badField } from '@epg/subgraph-kit';
import { SchoolHardshipEntity } from './school-hardship.entity';
import { hardshipConflict, type Hardship } from './school-hardship.rules';

/**
 * The rural flag and tier a posting at `school` takes: the school's record, which the values given
 * must agree with (BAD_USER_INPUT on `path` otherwise); a school without one is recorded with the
 * values given (the first posting there describes it). Locked: two postings record one school once.
 * Called with a school found inside the caller's scope, so the row is read by its key.
 */
export async function schoolHardshipFor(
  manager: EntityManager,
  school: { id: string; regionCode: RegionCode },
  given: Partial<Hardship>,
  fallback: Hardship,
  path: string,
): Promise<Hardship> {
  const repo = manager.getRepository(SchoolHardshipEntity);
  const recorded = await repo.findOne({ where: { schoolId: school.id }, lock: { mode: 'pessimistic_write' } });
  if (recorded) {
    const problem = hardshipConflict(recorded, given);
    if (problem) throw badField(path, problem);
    return { rural: recorded.rural, hardshipTier: recorded.hardshipTier };
  }
  const hardship = { rural: given.rural ?? fallback.rural, hardshipTier: given.hardshipTier ?? fallback.hardshipTier };
  await repo.insert({ schoolId: school.id, regionCode: school.regionCode, ...hardship });
  return hardship;
}

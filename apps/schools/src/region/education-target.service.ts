import { assertRegionInScope, canSeeRegion, forbidden } from '@epg/auth';
import { isInside, plausiblePlanYear, refinePlausible, regionCodeSchema, type RegionCode } from '@epg/domain';
import { openWrite, parseInput, type BaseContext } from '@epg/subgraph-kit';
import { z } from 'zod';
import { EducationTargetEntity } from './education-target.entity';
import { assertTargetAdministrator, POLICY_ADMIN, setEducationTargetSchema, targetsToSet } from './education-target.rules';
import { pickTargets, type TargetIndicator } from './indicators';
import { assertRegionOnRegister } from './region-ref';

/** The targets of each indicator (null where none), as the `EducationTargets` type answers them. */
export interface TargetValues {
  preschoolEnrolmentRate: number | null;
  compulsoryEnrolmentRate: number | null;
  compulsoryRetentionRate: number | null;
  seniorEnrolmentRate: number | null;
}

export interface EducationTargetYearValue {
  regionCode: RegionCode;
  year: number;
  adopted: TargetValues;
  inForce: TargetValues;
  source: string | null;
}

const valuesOf = (byIndicator: Map<string, number>): TargetValues => {
  const get = (indicator: TargetIndicator) => byIndicator.get(indicator) ?? null;
  return {
    preschoolEnrolmentRate: get('PRESCHOOL_ENROLMENT'),
    compulsoryEnrolmentRate: get('COMPULSORY_ENROLMENT'),
    compulsoryRetentionRate: get('COMPULSORY_RETENTION'),
    seniorEnrolmentRate: get('SENIOR_ENROLMENT'),
  };
};

/** The region's own targets adopted for `year`, and those in force then (its own or the regions' above). */
async function targetYear(manager: BaseContext['data']['manager'], regionCode: RegionCode, year: number): Promise<EducationTargetYearValue> {
  const rows = await manager.getRepository(EducationTargetEntity).find();
  const own = rows.filter((r) => r.regionCode === regionCode && r.fromYear === year);
  return {
    regionCode,
    year,
    adopted: valuesOf(new Map(own.map((r) => [r.indicator, r.target]))),
    inForce: valuesOf(pickTargets(rows, regionCode, year)),
    source: own.find((r) => r.source)?.source ?? null,
  };
}

const readSchema = z.object({ regionCode: regionCodeSchema, year: z.number().int().superRefine(refinePlausible((y: number) => plausiblePlanYear(y))) });

/**
 * The targets of a region in a year. Targets are published figures, but a caller reads those of
 * its own subtree and of the regions above it (whose targets apply to it) only — FORBIDDEN elsewhere.
 */
export async function educationTargets(ctx: BaseContext, args: { regionCode: string; year: number }): Promise<EducationTargetYearValue> {
  const { regionCode, year } = parseInput(readSchema, args, '');
  if (!canSeeRegion(ctx.principal, regionCode) && !isInside(ctx.principal.regionCode, regionCode)) {
    throw forbidden(`region ${regionCode} is neither inside your region scope nor above it`);
  }
  return targetYear(ctx.data.manager, regionCode, year);
}

/**
 * Adopts targets for a region from a year on (policy:admin, province/city/county offices): the
 * indicators given are set (a re-adoption for the same year replaces them), each change audited
 * with the region's code.
 */
export async function setEducationTarget(ctx: BaseContext, raw: unknown): Promise<EducationTargetYearValue> {
  const adopt = openWrite(ctx, { operation: 'setEducationTarget', scope: POLICY_ADMIN });
  assertTargetAdministrator(ctx.principal);
  const input = parseInput(setEducationTargetSchema, raw, '');
  assertRegionInScope(ctx.principal, input.regionCode);
  await assertRegionOnRegister(ctx, input.regionCode, 'regionCode');
  return adopt.run(async (tx) => {
    const repo = tx.manager.getRepository(EducationTargetEntity);
    // Serialises adoptions, so two officers setting one region's year do not interleave their reads.
    await tx.manager.query(`SELECT pg_advisory_xact_lock(hashtext('schools.education_target'))`);
    for (const { indicator, target } of targetsToSet(input.targets)) {
      const key = { regionCode: input.regionCode, indicator, fromYear: input.year };
      const before = await repo.findOneBy(key);
      const after = await repo.save(repo.create({ ...key, target, source: input.source ?? before?.source ?? null }));
      tx.audit({ operation: 'setEducationTarget', regionCode: input.regionCode, entityType: 'EducationTarget', entityId: `${input.regionCode}:${indicator}:${input.year}`, before: before ? { ...before } : undefined, after: { ...after } });
    }
    return targetYear(tx.manager, input.regionCode, input.year);
  });
}

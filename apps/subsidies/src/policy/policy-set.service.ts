import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { assertRegionInScope, forbidden, type Principal } from '@epg/auth';
import { canonicalPrefix } from '@epg/domain';
import { badFields, conflict, notFound, parseInput, write, type BaseContext, type WriteTx } from '@epg/subgraph-kit';
import {
  amountIssues,
  assertPolicyAdministrator,
  overlapMessage,
  overlappingSet,
  overriddenSet,
  POLICY_ADMIN,
  stagesOf,
  type SetSpan,
} from './policy-admin.rules';
import { PolicySetEntity } from './policy-set.entity';
import { findCurrentVersion, lockSetsAround } from './policy-set.repository';
import { policySetInputSchema, type PolicySetDefinition } from './rule.schema';

function toRow(definition: PolicySetDefinition, version: number, createdBy: string, effectiveFromYear: number | null = null): Partial<PolicySetEntity> {
  return {
    effectiveFromYear,
    code: definition.code,
    version,
    name: definition.name,
    regionCode: definition.regionCode,
    regionPrefix: canonicalPrefix(definition.regionCode),
    fromYear: definition.fromYear,
    toYear: definition.toYear,
    exitedKeepBenefits: definition.exitedKeepBenefits,
    rules: definition.rules,
    createdBy,
    supersededAt: null,
  };
}

/**
 * The rules every adoption and amendment passes (see policy-admin.rules.ts): amounts within their
 * floors and ceiling (BAD_USER_INPUT naming the field), no override of an enclosing region's set
 * the caller does not administer (FORBIDDEN), no second set of the region over the same years and
 * stages (CONFLICT).
 */
async function checkPlacement(tx: WriteTx, principal: Principal, definition: PolicySetDefinition, previous?: PolicySetEntity): Promise<void> {
  const issues = amountIssues(definition.rules);
  if (issues.length) throw badFields(issues);
  const candidate: SetSpan = { ...definition, stages: stagesOf(definition.rules) };
  const current = (await lockSetsAround(tx.manager, definition.regionCode)).map((s) => ({ ...s, stages: stagesOf(s.rules) }));
  const overridden = overriddenSet(principal, candidate, current, previous);
  if (overridden) {
    throw forbidden(
      `the set of ${overridden.regionCode} governs ${overridden.fromYear}–${overridden.toYear ?? ''} there: a set of ${definition.regionCode} for those years would override its amounts, which only that region's office may do`,
    );
  }
  const overlapping = overlappingSet(candidate, current);
  if (overlapping) throw conflict(overlapMessage(principal, candidate, overlapping));
}

/**
 * A policy office (policy:admin; PROVINCE, CITY or COUNTY) adopts a new policy set (version 1)
 * for a region inside its scope. Codes are per region: another region's set of the same code is
 * another set.
 */
export function createPolicySet(ctx: BaseContext, rawInput: unknown): Promise<PolicySetEntity> {
  return write(ctx, { operation: 'createPolicySet', scope: POLICY_ADMIN }, async (tx) => {
    assertPolicyAdministrator(ctx.principal);
    const definition = parseInput(policySetInputSchema, rawInput, 'input');
    // The set's region must lie inside the caller's scope (not merely overlap it).
    assertRegionInScope(ctx.principal, definition.regionCode);
    if (await findCurrentVersion(tx.manager, definition.regionCode, definition.code)) {
      throw conflict(`policy set ${definition.code} of ${definition.regionCode} exists: amend it instead`);
    }
    await checkPlacement(tx, ctx.principal, definition);
    const saved = await tx.manager.save(PolicySetEntity, toRow(definition, 1, ctx.principal.subject));
    tx.audit({ operation: 'createPolicySet', regionCode: definition.regionCode, entityType: 'SubsidyPolicySet', entityId: saved.id, after: definition });
    return saved;
  });
}

/**
 * Amends a set: a new version replaces the current one for future computations. Entitlements
 * keep the version they were computed from; approved ones are never rewritten. The set amended is
 * the one of the input's region (inside the caller's scope) with that code: a set of another
 * region is NOT_FOUND here, whatever its code. With an effective year (生效学年) the new version
 * governs that year on; computations of earlier years keep the previous version's amounts.
 */
export function amendPolicySet(ctx: BaseContext, code: string, rawInput: unknown, rawEffectiveFromYear?: unknown): Promise<PolicySetEntity> {
  return write(ctx, { operation: 'amendPolicySet', scope: POLICY_ADMIN }, async (tx) => {
    assertPolicyAdministrator(ctx.principal);
    const definition = parseInput(policySetInputSchema, rawInput, 'input');
    const effectiveFromYear = parseInput(effectiveYearSchema(definition), rawEffectiveFromYear ?? null, 'effectiveFromYear');
    assertRegionInScope(ctx.principal, definition.regionCode);
    if (definition.code !== code) throw conflict(`an amendment keeps the set code ${code}`);
    const current = await findCurrentVersion(tx.manager, definition.regionCode, code);
    if (!current) throw notFound(`policy set ${code} of ${definition.regionCode}`);
    await checkPlacement(tx, ctx.principal, definition, current);
    await tx.manager.update(PolicySetEntity, { id: current.id }, { supersededAt: new Date() });
    const saved = await tx.manager.save(PolicySetEntity, toRow(definition, current.version + 1, ctx.principal.subject, effectiveFromYear));
    tx.audit({
      operation: 'amendPolicySet',
      regionCode: definition.regionCode,
      entityType: 'SubsidyPolicySet',
      entityId: saved.id,
      before: { id: current.id, version: current.version },
      after: { ...definition, effectiveFromYear },
    });
    return saved;
  });
}

/** An amendment's effective year: an academic year of the amended set (null: every year of it). */
function effectiveYearSchema(definition: PolicySetDefinition) {
  return z
    .number()
    .int()
    .refine((year) => year >= definition.fromYear && (definition.toYear === null || year <= definition.toYear), {
      message: `must be an academic year of the set (${definition.fromYear}–${definition.toYear ?? ''})`,
    })
    .nullable();
}

/** Seeds the shipped sets (A–D) once: a set code already present is left alone. */
export async function seedPolicySetRows(dataSource: DataSource, definitions: readonly PolicySetDefinition[]): Promise<void> {
  await dataSource
    .createQueryBuilder()
    .insert()
    .into(PolicySetEntity)
    .values(definitions.map((d) => toRow(d, 1, 'seed')))
    .orIgnore()
    .execute();
}

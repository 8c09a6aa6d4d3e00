import type { DataSource } from 'typeorm';
import { assertRegionInScope } from '@epg/auth';
import { canonicalPrefix } from '@epg/domain';
import { conflict, notFound, parseInput, write, type BaseContext } from '@epg/subgraph-kit';
import { PolicySetEntity } from './policy-set.entity';
import { findCurrentVersion } from './policy-set.repository';
import { policySetInputSchema, type PolicySetDefinition } from './rule.schema';

function toRow(definition: PolicySetDefinition, version: number, createdBy: string): Partial<PolicySetEntity> {
  return {
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

/** A department adopts a new policy set (version 1) for a region inside its scope. */
export function createPolicySet(ctx: BaseContext, rawInput: unknown): Promise<PolicySetEntity> {
  return write(ctx, { operation: 'createPolicySet' }, async (tx) => {
    const definition = parseInput(policySetInputSchema, rawInput, 'input');
    // The set's region must lie inside the caller's scope (not merely overlap it).
    assertRegionInScope(ctx.principal, definition.regionCode);
    if (await findCurrentVersion(tx.manager, definition.code)) throw conflict(`policy set ${definition.code} exists: amend it instead`);
    const saved = await tx.manager.save(PolicySetEntity, toRow(definition, 1, ctx.principal.subject));
    tx.audit({ operation: 'createPolicySet', regionCode: definition.regionCode, entityType: 'SubsidyPolicySet', entityId: saved.id, after: definition });
    return saved;
  });
}

/**
 * Amends a set: a new version replaces the current one for future computations. Entitlements
 * keep the version they were computed from; approved ones are never rewritten.
 */
export function amendPolicySet(ctx: BaseContext, code: string, rawInput: unknown): Promise<PolicySetEntity> {
  return write(ctx, { operation: 'amendPolicySet' }, async (tx) => {
    const definition = parseInput(policySetInputSchema, rawInput, 'input');
    // Set codes are global: the current version is found by code, then refused (FORBIDDEN) when
    // its region, or the amended one, lies outside the caller's scope.
    const current = await findCurrentVersion(tx.manager, code);
    if (!current) throw notFound(`policy set ${code}`);
    assertRegionInScope(ctx.principal, current.regionCode);
    assertRegionInScope(ctx.principal, definition.regionCode);
    if (definition.code !== code) throw conflict(`an amendment keeps the set code ${code}`);
    await tx.manager.update(PolicySetEntity, { id: current.id }, { supersededAt: new Date() });
    const saved = await tx.manager.save(PolicySetEntity, toRow(definition, current.version + 1, ctx.principal.subject));
    tx.audit({
      operation: 'amendPolicySet',
      regionCode: definition.regionCode,
      entityType: 'SubsidyPolicySet',
      entityId: saved.id,
      before: { id: current.id, version: current.version },
      after: definition,
    });
    return saved;
  });
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

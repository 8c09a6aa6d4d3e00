import type { DataSource } from 'typeorm';
import { assertCanWrite, assertRegionInScope } from '@epg/auth';
import { canonicalPrefix } from '@epg/domain';
import { recordAudit } from '@epg/persistence';
import { conflict, notFound, parseInput, type BaseContext } from '@epg/subgraph-kit';
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
export async function createPolicySet(ctx: BaseContext, rawInput: unknown): Promise<PolicySetEntity> {
  assertCanWrite(ctx.principal);
  const definition = parseInput(policySetInputSchema, rawInput, 'input');
  assertRegionInScope(ctx.principal, definition.regionCode);
  return ctx.dataSource.transaction(async (manager) => {
    if (await findCurrentVersion(manager, definition.code)) throw conflict(`policy set ${definition.code} exists: amend it instead`);
    const saved = await manager.save(PolicySetEntity, toRow(definition, 1, ctx.principal.subject));
    await recordAudit(manager, ctx, { operation: 'createPolicySet', entityType: 'SubsidyPolicySet', entityId: saved.id, after: definition });
    return saved;
  });
}

/**
 * Amends a set: a new version replaces the current one for future computations. Entitlements
 * keep the version they were computed from; approved ones are never rewritten.
 */
export async function amendPolicySet(ctx: BaseContext, code: string, rawInput: unknown): Promise<PolicySetEntity> {
  assertCanWrite(ctx.principal);
  const definition = parseInput(policySetInputSchema, rawInput, 'input');
  return ctx.dataSource.transaction(async (manager) => {
    const current = await findCurrentVersion(manager, code);
    if (!current) throw notFound(`policy set ${code}`);
    assertRegionInScope(ctx.principal, current.regionCode);
    assertRegionInScope(ctx.principal, definition.regionCode);
    if (definition.code !== code) throw conflict(`an amendment keeps the set code ${code}`);
    await manager.update(PolicySetEntity, { id: current.id }, { supersededAt: new Date() });
    const saved = await manager.save(PolicySetEntity, toRow(definition, current.version + 1, ctx.principal.subject));
    await recordAudit(manager, ctx, {
      operation: 'amendPolicySet',
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

import { assertCanWrite, assertRegionInScope } from '@epg/auth';
import { recordAudit } from '@epg/persistence';
import { badUserInput, parseInput, type BaseContext } from '@epg/subgraph-kit';
import { RegionEntity } from './region.entity';
import { villagePovertyFactsInputSchema } from './poverty-village';
import { upsertVillageFacts } from './region.repository';

/** Records (or corrects) a village's poor-village facts for a year. */
export async function recordVillagePovertyFacts(ctx: BaseContext, rawInput: unknown): Promise<RegionEntity> {
  assertCanWrite(ctx.principal);
  const input = parseInput(villagePovertyFactsInputSchema, rawInput, 'input');
  assertRegionInScope(ctx.principal, input.villageCode);
  return ctx.dataSource.transaction(async (manager) => {
    const village = await manager.findOneBy(RegionEntity, { code: input.villageCode });
    if (!village || village.level !== 'VILLAGE') {
      throw badUserInput(`input.villageCode: ${input.villageCode} is not a registered village`, [
        { path: 'input.villageCode', message: 'not a registered village' },
      ]);
    }
    await upsertVillageFacts(manager, input);
    await recordAudit(manager, ctx, {
      operation: 'recordVillagePovertyFacts',
      entityType: 'Region',
      entityId: input.villageCode,
      after: input,
    });
    return village;
  });
}

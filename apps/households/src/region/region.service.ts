import { assertRegionInScope } from '@epg/auth';
import { badUserInput, parseInput, write, type BaseContext } from '@epg/subgraph-kit';
import { RegionEntity } from './region.entity';
import { villagePovertyFactsInputSchema } from './poverty-village';
import { upsertVillageFacts } from './region.repository';

/** Records (or corrects) a village's poor-village facts for a year. */
export function recordVillagePovertyFacts(ctx: BaseContext, rawInput: unknown): Promise<RegionEntity> {
  return write(ctx, { operation: 'recordVillagePovertyFacts' }, async (tx) => {
    const input = parseInput(villagePovertyFactsInputSchema, rawInput, 'input');
    assertRegionInScope(ctx.principal, input.villageCode);
    const village = await tx.data.repository(RegionEntity).query('r').andWhere('r.code = :code', { code: input.villageCode }).getOne();
    if (!village || village.level !== 'VILLAGE') {
      throw badUserInput(`input.villageCode: ${input.villageCode} is not a registered village`, [
        { path: 'input.villageCode', message: 'not a registered village' },
      ]);
    }
    await upsertVillageFacts(tx.manager, input);
    tx.audit({ operation: 'recordVillagePovertyFacts', regionCode: village.code, entityType: 'Region', entityId: input.villageCode, after: input });
    return village;
  });
}

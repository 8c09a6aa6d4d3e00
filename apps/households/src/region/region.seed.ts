import type { DataSource } from 'typeorm';
import { parentCode, type RegionCode } from '@epg/domain';
import { RegionEntity } from './region.entity';
import { VillagePovertyFactEntity } from './village-facts.entity';
import type { RegionRow } from './region-file';
import type { VillageFacts } from './poverty-village';

/**
 * Upserts regions parents first (names are corrected, codes never change). A parent missing
 * from both the list and the database leaves the region without one.
 */
export async function loadRegions(dataSource: DataSource, regions: readonly RegionRow[]): Promise<number> {
  if (regions.length === 0) return 0;
  return dataSource.transaction(async (manager) => {
    const listed = new Set(regions.map((r) => r.code));
    const parents = [...new Set(regions.map((r) => parentCode(r.code)).filter((p): p is RegionCode => p !== null && !listed.has(p)))];
    const existing = new Set(
      parents.length
        ? (await manager.query(`SELECT code FROM region WHERE code = ANY($1)`, [parents])).map((r: { code: string }) => r.code)
        : [],
    );
    const rows = [...regions]
      .sort((a, b) => a.code.length - b.code.length || a.code.localeCompare(b.code))
      .map((r) => {
        const parent = parentCode(r.code);
        return { ...r, parentCode: parent && (listed.has(parent) || existing.has(parent)) ? parent : null };
      });
    for (let i = 0; i < rows.length; i += 1000) {
      await manager
        .createQueryBuilder()
        .insert()
        .into(RegionEntity)
        .values(rows.slice(i, i + 1000))
        .orUpdate(['name', 'level', 'parent_code'], ['code'])
        .execute();
    }
    return rows.length;
  });
}

export async function loadVillageFacts(
  dataSource: DataSource,
  facts: readonly (VillageFacts & { villageCode: string; year: number })[],
): Promise<void> {
  if (facts.length === 0) return;
  await dataSource
    .createQueryBuilder()
    .insert()
    .into(VillagePovertyFactEntity)
    .values(facts.map((f) => ({ ...f, incidencePercent: String(f.incidencePercent) })))
    .orIgnore()
    .execute();
}

import type { DataSource } from 'typeorm';
import { parentCode } from '@epg/domain';
import { RegionEntity } from './region.entity';
import type { RegionSeed } from './demo-regions';

/** Inserts regions parents first; existing codes are left as they are (idempotent). */
export async function loadRegions(dataSource: DataSource, regions: RegionSeed[]): Promise<void> {
  const known = new Set(regions.map((r) => r.code));
  const rows = [...regions]
    .sort((a, b) => a.code.length - b.code.length || a.code.localeCompare(b.code))
    .map((r) => {
      const parent = parentCode(r.code);
      return { ...r, parentCode: parent && known.has(parent) ? parent : null };
    });
  await dataSource.createQueryBuilder().insert().into(RegionEntity).values(rows).orIgnore().execute();
}

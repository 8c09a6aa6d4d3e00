import type { DataSource } from 'typeorm';
import { DEMO_SCHOOLS } from '@epg/demo';
import { SchoolEntity } from './school.entity';

/** 芦溪县's schools under their stable demo ids (other services' demo data refers to them). */
export async function seedDemoSchools(dataSource: DataSource): Promise<void> {
  await dataSource
    .createQueryBuilder()
    .insert()
    .into(SchoolEntity)
    .values(
      DEMO_SCHOOLS.map((s) => ({
        id: s.id,
        code: s.code,
        name: s.name,
        type: s.type,
        ownership: s.ownership,
        regionCode: s.regionCode,
        inPovertyArea: s.inPovertyArea,
      })),
    )
    .orIgnore()
    .execute();
}

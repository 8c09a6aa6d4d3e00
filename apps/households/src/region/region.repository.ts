import { In, type DataSource } from 'typeorm';
import { RegionEntity } from './region.entity';

export function findRegionsByCodes(dataSource: DataSource, codes: readonly string[]): Promise<RegionEntity[]> {
  return dataSource.getRepository(RegionEntity).findBy({ code: In([...codes]) });
}

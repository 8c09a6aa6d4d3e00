import type { Connection } from '@epg/subgraph-kit';
import type { NutritionPlanCountyEntity } from './nutrition.entity';

export type NutritionPlanCountyConnectionModel = Connection<NutritionPlanCountyEntity>;

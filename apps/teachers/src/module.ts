import { AuditEntry } from '@epg/persistence';
import { auditTrailResolver, defineSubgraph, loadTypeDefs, mergeResolvers } from '@epg/subgraph-kit';
import { createTeachersContext } from './context';
import { migrations } from './migrations';
import { AllowanceRateEntity } from './allowance/allowance-rate.entity';
import { allowanceResolvers } from './allowance/allowance.resolvers';
import {
  ExchangeActivityEntity,
  MentorPairEntity,
  SchoolPairingEntity,
  SupportTeachingQuotaEntity,
  TeacherRotationEntity,
} from './exchange/exchange.entities';
import { exchangeResolvers } from './exchange/exchange.resolvers';
import { HousingAllocationEntity, HousingTargetEntity, HousingUnitEntity } from './housing/housing.entities';
import { housingResolvers } from './housing/housing.resolvers';
import { regionResolvers } from './region/region.resolvers';
import { SchoolHardshipEntity } from './school/school-hardship.entity';
import { seedDemoTeachers } from './seed';
import { TeacherPostingEntity } from './teacher/posting.entity';
import { TeacherEntity } from './teacher/teacher.entity';
import { teacherResolvers } from './teacher/teacher.resolvers';
import { TrainingRecordEntity } from './training/training-record.entity';
import { trainingResolvers } from './training/training.resolvers';

/** The teachers and training service: rural teachers, allowances, training, exchanges, housing. */
export const teachersSubgraph = defineSubgraph({
  name: 'teachers',
  typeDefs: loadTypeDefs(__dirname),
  resolvers: mergeResolvers(
    { Query: { teachersAuditTrail: auditTrailResolver() } },
    teacherResolvers, allowanceResolvers, trainingResolvers, regionResolvers, exchangeResolvers, housingResolvers),
  entities: [
    AuditEntry,
    TeacherEntity,
    TeacherPostingEntity,
    AllowanceRateEntity,
    TrainingRecordEntity,
    TeacherRotationEntity,
    SupportTeachingQuotaEntity,
    SchoolPairingEntity,
    ExchangeActivityEntity,
    MentorPairEntity,
    HousingUnitEntity,
    HousingTargetEntity,
    HousingAllocationEntity,
    SchoolHardshipEntity,
  ],
  migrations,
  extendContext: createTeachersContext,
  schoolStaffFields: ['teacher'],
  seedDemo: ({ dataSource }) => seedDemoTeachers(dataSource),
});

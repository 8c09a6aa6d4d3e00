import { AuditEntry } from '@epg/persistence';
import { auditTrailResolver, defineSubgraph, loadTypeDefs, mergeResolvers } from '@epg/subgraph-kit';
import { createVocationalContext } from './context';
import { NonContinuingGraduateEntity, VocationalEnrolmentEntity } from './enrolment/enrolment.entity';
import { enrolmentResolvers } from './enrolment/enrolment.resolvers';
import { householdResolvers } from './household/household.resolvers';
import { migrations } from './migrations';
import { personResolvers } from './person/person.resolvers';
import { VocationalProgramEntity } from './program/program.entity';
import { programResolvers } from './program/program.resolvers';
import { HouseholdMemberEntity, ProjectionStateEntity } from './projection/member.entity';
import { projectionResolvers } from './projection/projection.resolvers';
import { regionResolvers } from './region/region.resolvers';
import { nonContinuingFeedResolvers } from './non-continuing-feed/non-continuing-feed';
import { seedDemoVocational } from './seed';
import { SkillsTrainingEntity } from './training/training.entity';
import { trainingResolvers } from './training/training.resolvers';
import { personFeed } from './projection/projection.service';
import { schoolRecordFeed } from './projection/school-record.feed';

/** The vocational enrolment and skills service: programmes, 两后生, skills training, 1户1人. */
export const vocationalSubgraph = defineSubgraph({
  name: 'vocational',
  typeDefs: loadTypeDefs(__dirname),
  resolvers: mergeResolvers(
    { Query: { vocationalAuditTrail: auditTrailResolver() } },
    
    programResolvers,
    enrolmentResolvers,
    trainingResolvers,
    personResolvers,
    householdResolvers,
    regionResolvers,
    projectionResolvers,
    nonContinuingFeedResolvers,
  ),
  entities: [
    AuditEntry,
    VocationalProgramEntity,
    VocationalEnrolmentEntity,
    NonContinuingGraduateEntity,
    SkillsTrainingEntity,
    HouseholdMemberEntity,
    ProjectionStateEntity,
  ],
  migrations,
  /** Followed in the background by the projection consumer (never refreshed by reads). */
  projections: [personFeed, schoolRecordFeed],
  extendContext: createVocationalContext,
  schoolStaffFields: ['vocationalProgram'],
  seedDemo: ({ dataSource }) => seedDemoVocational(dataSource),
});

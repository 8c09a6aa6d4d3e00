import { AuditEntry } from '@epg/persistence';
import { auditTrailResolver, defineSubgraph, loadTypeDefs, mergeResolvers } from '@epg/subgraph-kit';
import { createSchoolsContext } from './context';
import { migrations } from './migrations';
import { SchoolEntity } from './school/school.entity';
import { schoolResolvers } from './school/school.resolvers';
import { EnrolmentEntity } from './enrolment/enrolment.entity';
import { enrolmentResolvers } from './enrolment/enrolment.resolvers';
import { enrolmentFeedResolvers } from './enrolment/enrolment-feed';
import { enrolmentTransitionResolvers } from './enrolment/enrolment-transitions.resolvers';
import { EnrolmentTransitionEntity } from './enrolment/enrolment-transition.entity';
import { personResolvers } from './person/person.resolvers';
import { FacilityGapEntity, ProjectEntity, ProjectGapEntity, ProjectStatusChangeEntity } from './facility/facility.entity';
import { facilityResolvers } from './facility/facility.resolvers';
import { facilityLedgerResolvers } from './facility/facility-ledger.resolvers';
import {
  DropoutActionEntity,
  DropoutCaseEntity,
  ProjectionStateEntity,
  RegisteredChildEntity,
} from './dropout/dropout.entity';
import { dropoutResolvers } from './dropout/dropout.resolvers';
import { EducationTargetEntity } from './region/education-target.entity';
import { regionResolvers } from './region/region.resolvers';
import { UniversityAdmissionEntity } from './admission/admission.entity';
import { admissionResolvers } from './admission/admission.resolvers';
import { admissionFeedResolvers } from './admission/admission-feed';
import { educationTargetResolvers } from './region/education-target.resolvers';
import { seedDemoSchools } from './school/school.seed';
import { personFeed } from './dropout/projection.service';

/** The schools and facilities service: school register, enrolment, facilities, dropout control. */
export const schoolsSubgraph = defineSubgraph({
  name: 'schools',
  typeDefs: loadTypeDefs(__dirname),
  resolvers: mergeResolvers(
    { Query: { schoolsAuditTrail: auditTrailResolver() } },
    
    schoolResolvers,
    enrolmentResolvers,
    enrolmentFeedResolvers,
    enrolmentTransitionResolvers,
    personResolvers,
    facilityResolvers,
    facilityLedgerResolvers,
    dropoutResolvers,
    regionResolvers,
    admissionResolvers,
    admissionFeedResolvers,
    educationTargetResolvers,
  ),
  entities: [
    AuditEntry,
    SchoolEntity,
    EnrolmentEntity,
    EnrolmentTransitionEntity,
    FacilityGapEntity,
    ProjectEntity,
    ProjectStatusChangeEntity,
    ProjectGapEntity,
    RegisteredChildEntity,
    ProjectionStateEntity,
    DropoutCaseEntity,
    DropoutActionEntity,
    EducationTargetEntity,
    UniversityAdmissionEntity,
  ],
  migrations,
  /** Followed in the background by the projection consumer (never refreshed by reads). */
  projections: [personFeed],
  extendContext: createSchoolsContext,
  schoolStaffFields: ['school', 'enrolStudent', 'recordFacilityGap', 'dropoutCases', 'schoolRoster'],
  seedDemo: ({ dataSource }) => seedDemoSchools(dataSource),
});

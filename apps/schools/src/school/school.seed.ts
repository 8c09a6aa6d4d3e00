import type { DataSource } from 'typeorm';
import { DEMO_SCHOOLS, DEMO_WITHDRAWAL_REASON, demoDigitalCoverage, demoFacilities, demoSchoolLedger } from '@epg/demo';
import { SchoolEntity } from './school.entity';
import { EnrolmentEntity } from '../enrolment/enrolment.entity';
import { EnrolmentTransitionEntity } from '../enrolment/enrolment-transition.entity';
import { FacilityGapEntity, ProjectEntity, ProjectGapEntity, ProjectStatusChangeEntity } from '../facility/facility.entity';

const CHUNK = 1000;

async function insertIgnoring<T extends object>(dataSource: DataSource, entity: new () => T, rows: T[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    await dataSource.createQueryBuilder().insert().into(entity).values(rows.slice(i, i + CHUNK) as never).orIgnore().execute();
  }
}

/**
 * 芦溪县's schools under their stable demo ids (other services' demo data refers to them),
 * the registered children's enrolments of the demo year and the year before with the earlier
 * years of the vocational students' 学籍 (`demoSchoolLedger`: the records the vocational demo's
 * enrolments are linked to, issue 21), and the facility
 * ledger (gaps, the 2017 programme, the 16 rural school projects). Idempotent.
 */
export async function seedDemoSchools(dataSource: DataSource): Promise<void> {
  const coverage = new Map(demoDigitalCoverage().map((c) => [c.schoolId, c]));
  await insertIgnoring(
    dataSource,
    SchoolEntity,
    DEMO_SCHOOLS.map((s) => {
      const digital = coverage.get(s.id);
      return Object.assign(new SchoolEntity(), {
        id: s.id,
        code: s.code,
        name: s.name,
        type: s.type,
        ownership: s.ownership,
        regionCode: s.regionCode,
        inPovertyArea: s.inPovertyArea,
        modelLevel: s.modelLevel,
        hasBroadband: digital?.broadband ?? false,
        classrooms: digital?.classrooms ?? 0,
        multimediaClassrooms: digital?.multimediaClassrooms ?? 0,
        linkedToProvincialPlatform: digital?.linkedToProvincialPlatform ?? false,
      });
    }),
  );

  const ledger = demoSchoolLedger();
  await insertIgnoring(
    dataSource,
    EnrolmentEntity,
    ledger.map((e) => Object.assign(new EnrolmentEntity(), { ...e, transferredToId: null })),
  );
  // The dated act behind each ended record (a vocational student's graduation or dropout), as
  // graduateStudent / dropOutStudent write it; serial ids: only for records with no history yet.
  const ended = ledger.filter((e) => (e.status === 'GRADUATED' || e.status === 'DROPPED_OUT') && e.endedOn !== null);
  const withHistory: { enrolment_id: string }[] = await dataSource.query(
    `SELECT DISTINCT enrolment_id FROM enrolment_transition WHERE enrolment_id = ANY($1::uuid[])`,
    [ended.map((e) => e.id)],
  );
  const recorded = new Set(withHistory.map((r) => r.enrolment_id));
  await insertIgnoring(
    dataSource,
    EnrolmentTransitionEntity,
    ended
      .filter((e) => !recorded.has(e.id))
      .map((e) =>
        Object.assign(new EnrolmentTransitionEntity(), {
          enrolmentId: e.id,
          regionCode: e.regionCode,
          kind: e.status as 'GRADUATED' | 'DROPPED_OUT',
          on: e.endedOn!,
          reason: e.status === 'DROPPED_OUT' ? DEMO_WITHDRAWAL_REASON : null,
          statusAfter: e.status,
          changes: null,
        }),
      ),
  );

  const { gaps, projects } = demoFacilities();
  await insertIgnoring(dataSource, FacilityGapEntity, gaps.map((g) => Object.assign(new FacilityGapEntity(), g)));
  await insertIgnoring(
    dataSource,
    ProjectEntity,
    projects.map((p) => {
      const dates = (s: string) => p.history.find((h) => h.status === s)?.on ?? null;
      return Object.assign(new ProjectEntity(), {
        id: p.id,
        schoolId: p.schoolId,
        regionCode: p.regionCode,
        name: p.name,
        kind: p.kind,
        programme: p.programme,
        status: p.status,
        budgetFen: p.budgetFen,
        financeFen: p.financeFen,
        povertyLoanFen: p.povertyLoanFen,
        socialFen: p.socialFen,
        spentFen: p.spentFen,
        startedOn: dates('UNDER_CONSTRUCTION'),
        completedOn: dates('COMPLETED'),
        acceptedOn: dates('ACCEPTED'),
      });
    }),
  );
  await insertIgnoring(
    dataSource,
    ProjectGapEntity,
    projects.flatMap((p) => p.closesGapIds.map((gapId) => Object.assign(new ProjectGapEntity(), { projectId: p.id, gapId }))),
  );
  // Status histories have serial ids: insert them only for projects that have none yet.
  const seeded: { project_id: string }[] = await dataSource.query(
    `SELECT DISTINCT project_id FROM project_status_change WHERE project_id = ANY($1::uuid[])`,
    [projects.map((p) => p.id)],
  );
  const done = new Set(seeded.map((r) => r.project_id));
  await insertIgnoring(
    dataSource,
    ProjectStatusChangeEntity,
    projects
      .filter((p) => !done.has(p.id))
      .flatMap((p) => p.history.map((h) => Object.assign(new ProjectStatusChangeEntity(), { projectId: p.id, status: h.status, on: h.on, note: null }))),
  );
}

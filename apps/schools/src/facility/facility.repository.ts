import type { FacilityCategory, ProjectStatus } from '@epg/domain';
import { FACILITY_CATEGORIES, fenFromBigint, parseRegionCode, PROJECT_STATUSES } from '@epg/domain';
import { isUuid, type ScopedData } from '@epg/persistence';
import { FacilityGapEntity, ProjectEntity, ProjectStatusChangeEntity } from './facility.entity';

const uuids = (keys: readonly string[]) => keys.filter(isUuid);

/** SQL: the gap `g` is closed (a project closing it has been ACCEPTED). */
export const GAP_CLOSED_SQL = `EXISTS (
  SELECT 1 FROM project_gap pg JOIN improvement_project p ON p.id = pg.project_id
   WHERE pg.gap_id = g.id AND p.status = 'ACCEPTED')`;

/** SQL: the gap `g` is outstanding — neither closed by an accepted project nor cancelled. */
export const GAP_OPEN_SQL = `(g.cancelled_on IS NULL AND NOT ${GAP_CLOSED_SQL})`;

export function findGapsBySchools(data: ScopedData, schoolIds: readonly string[]): Promise<FacilityGapEntity[]> {
  const ids = uuids(schoolIds);
  if (!ids.length) return Promise.resolve([]);
  return data
    .repository(FacilityGapEntity)
    .query('g')
    .andWhere('g.school_id = ANY(:ids::uuid[])', { ids })
    .orderBy('g.recorded_on', 'ASC')
    .addOrderBy('g.id', 'ASC')
    .getMany();
}

/** The ids among `gapIds` (inside the scope) that are closed (one statement per batch). */
export async function findClosedGapIds(data: ScopedData, gapIds: readonly string[]): Promise<string[]> {
  const ids = uuids(gapIds);
  if (!ids.length) return [];
  const rows = await data.query<{ id: string }>(
    (region) => `SELECT g.id FROM facility_gap g WHERE ${region('g.region_code')} AND g.id = ANY($2::uuid[]) AND ${GAP_CLOSED_SQL}`,
    [ids],
  );
  return rows.map((r) => r.id);
}

export function findProjectsBySchools(data: ScopedData, schoolIds: readonly string[]): Promise<ProjectEntity[]> {
  const ids = uuids(schoolIds);
  if (!ids.length) return Promise.resolve([]);
  return data
    .repository(ProjectEntity)
    .query('p')
    .andWhere('p.school_id = ANY(:ids::uuid[])', { ids })
    .orderBy('p.name', 'ASC')
    .getMany();
}

/** The dated status changes of projects inside the scope (a change has no region of its own: its project's). */
export function findStatusHistories(data: ScopedData, projectIds: readonly string[]): Promise<ProjectStatusChangeEntity[]> {
  const ids = uuids(projectIds);
  if (!ids.length) return Promise.resolve([]);
  return data
    .owned(ProjectStatusChangeEntity, 'c', ProjectEntity, (p) => `${p}.id = c.project_id`)
    .andWhere('c.project_id = ANY(:ids::uuid[])', { ids })
    .orderBy('c.on_date', 'ASC')
    .addOrderBy('c.id', 'ASC')
    .getMany();
}

/** The gaps (inside the scope) each project closes, tagged with the project id (one statement per batch). */
export async function findGapsClosedByProjects(
  data: ScopedData,
  projectIds: readonly string[],
): Promise<(FacilityGapEntity & { projectId: string })[]> {
  const ids = uuids(projectIds);
  if (!ids.length) return [];
  const rows = await data.query<{
    project_id: string;
    id: string;
    school_id: string;
    region_code: string;
    category: FacilityCategory;
    description: string;
    estimated_cost_fen: string;
    recorded_on: string;
    cancelled_on: string | null;
    cancel_reason: string | null;
  }>(
    (region) => `SELECT pg.project_id, g.id, g.school_id, g.region_code, g.category, g.description, g.estimated_cost_fen,
            to_char(g.recorded_on, 'YYYY-MM-DD') AS recorded_on, to_char(g.cancelled_on, 'YYYY-MM-DD') AS cancelled_on, g.cancel_reason
       FROM project_gap pg JOIN facility_gap g ON g.id = pg.gap_id
      WHERE pg.project_id = ANY($2::uuid[]) AND ${region('g.region_code')}
      ORDER BY g.category, g.id`,
    [ids],
  );
  return rows.map((r) => ({
    projectId: r.project_id,
    id: r.id,
    schoolId: r.school_id,
    regionCode: parseRegionCode(r.region_code),
    category: r.category,
    description: r.description,
    estimatedCostFen: fenFromBigint(r.estimated_cost_fen),
    recordedOn: r.recorded_on,
    cancelledOn: r.cancelled_on,
    cancelReason: r.cancel_reason,
  }));
}

export interface FacilitySummaryValue {
  schools: number;
  schoolsMeetingBasicStandard: number;
  outstandingGaps: { category: FacilityCategory; gaps: number; estimatedCostFen: number }[];
  outstandingGapCostFen: number;
  projectsByStatus: { status: ProjectStatus; projects: number; budgetFen: number; spentFen: number }[];
  digital: {
    schools: number;
    withBroadband: number;
    classrooms: number;
    multimediaClassrooms: number;
    teachingPoints: number;
    teachingPointsLinked: number;
  };
}

/** The facility ledger of every school inside the scope (a region's report: `data` narrowed to it), rolled up (three statements). */
export async function facilitySummary(data: ScopedData): Promise<FacilitySummaryValue> {
  const [schoolRow] = await data.query<Record<string, string>>(
    (region) => `SELECT count(*) AS schools,
            count(*) FILTER (WHERE NOT EXISTS (
              SELECT 1 FROM facility_gap g WHERE g.school_id = s.id AND ${GAP_OPEN_SQL})) AS meeting,
            count(*) FILTER (WHERE s.has_broadband) AS broadband,
            coalesce(sum(s.classrooms), 0) AS classrooms,
            coalesce(sum(s.multimedia_classrooms), 0) AS multimedia,
            count(*) FILTER (WHERE s.type = 'TEACHING_POINT') AS teaching_points,
            count(*) FILTER (WHERE s.type = 'TEACHING_POINT' AND s.linked_to_provincial_platform) AS linked
       FROM school s WHERE ${region('s.region_code')}`,
  );
  const gapRows = await data.query<{ category: FacilityCategory; gaps: string; cost: string }>(
    (region) => `SELECT g.category, count(*) AS gaps, sum(g.estimated_cost_fen) AS cost
       FROM facility_gap g WHERE ${region('g.region_code')} AND ${GAP_OPEN_SQL}
      GROUP BY g.category`,
  );
  const projectRows = await data.query<{ status: ProjectStatus; projects: string; budget: string; spent: string }>(
    (region) => `SELECT p.status, count(*) AS projects, sum(p.budget_fen) AS budget, sum(p.spent_fen) AS spent
       FROM improvement_project p WHERE ${region('p.region_code')} GROUP BY p.status`,
  );
  const gapsByCategory = new Map(gapRows.map((r) => [r.category, r]));
  const projectsByStatus = new Map(projectRows.map((r) => [r.status, r]));
  const outstandingGaps = FACILITY_CATEGORIES.filter((c) => gapsByCategory.has(c)).map((category) => {
    const r = gapsByCategory.get(category)!;
    return { category, gaps: Number(r.gaps), estimatedCostFen: fenFromBigint(r.cost) };
  });
  const s = schoolRow ?? {};
  return {
    schools: Number(s.schools ?? 0),
    schoolsMeetingBasicStandard: Number(s.meeting ?? 0),
    outstandingGaps,
    outstandingGapCostFen: outstandingGaps.reduce((sum, g) => sum + g.estimatedCostFen, 0),
    projectsByStatus: PROJECT_STATUSES.map((status) => {
      const r = projectsByStatus.get(status);
      return { status, projects: Number(r?.projects ?? 0), budgetFen: fenFromBigint(r?.budget ?? 0), spentFen: fenFromBigint(r?.spent ?? 0) };
    }),
    digital: {
      schools: Number(s.schools ?? 0),
      withBroadband: Number(s.broadband ?? 0),
      classrooms: Number(s.classrooms ?? 0),
      multimediaClassrooms: Number(s.multimedia ?? 0),
      teachingPoints: Number(s.teaching_points ?? 0),
      teachingPointsLinked: Number(s.linked ?? 0),
    },
  };
}

import type { DataSource } from 'typeorm';
import type { FacilityCategory, ProjectStatus } from '@epg/domain';
import { FACILITY_CATEGORIES, PROJECT_STATUSES } from '@epg/domain';
import { escapeLike, isUuid } from '@epg/persistence';
import { FacilityGapEntity, ProjectEntity, ProjectStatusChangeEntity } from './facility.entity';

const like = (prefix: string) => `${escapeLike(prefix)}%`;
const uuids = (keys: readonly string[]) => keys.filter(isUuid);

/** SQL: the gap `g` is closed (a project closing it has been ACCEPTED). */
export const GAP_CLOSED_SQL = `EXISTS (
  SELECT 1 FROM project_gap pg JOIN improvement_project p ON p.id = pg.project_id
   WHERE pg.gap_id = g.id AND p.status = 'ACCEPTED')`;

export function findGapsBySchools(dataSource: DataSource, schoolIds: readonly string[], regionPrefix: string): Promise<FacilityGapEntity[]> {
  const ids = uuids(schoolIds);
  if (!ids.length) return Promise.resolve([]);
  return dataSource
    .getRepository(FacilityGapEntity)
    .createQueryBuilder('g')
    .where('g.school_id = ANY(:ids::uuid[])', { ids })
    .andWhere('g.region_code LIKE :prefix', { prefix: like(regionPrefix) })
    .orderBy('g.recorded_on', 'ASC')
    .addOrderBy('g.id', 'ASC')
    .getMany();
}

/** The ids among `gapIds` that are closed (one statement per batch). */
export async function findClosedGapIds(dataSource: DataSource, gapIds: readonly string[]): Promise<string[]> {
  const ids = uuids(gapIds);
  if (!ids.length) return [];
  const rows: { id: string }[] = await dataSource.query(
    `SELECT g.id FROM facility_gap g WHERE g.id = ANY($1::uuid[]) AND ${GAP_CLOSED_SQL}`,
    [ids],
  );
  return rows.map((r) => r.id);
}

export function findProjectsBySchools(dataSource: DataSource, schoolIds: readonly string[], regionPrefix: string): Promise<ProjectEntity[]> {
  const ids = uuids(schoolIds);
  if (!ids.length) return Promise.resolve([]);
  return dataSource
    .getRepository(ProjectEntity)
    .createQueryBuilder('p')
    .where('p.school_id = ANY(:ids::uuid[])', { ids })
    .andWhere('p.region_code LIKE :prefix', { prefix: like(regionPrefix) })
    .orderBy('p.name', 'ASC')
    .getMany();
}

export function findStatusHistories(dataSource: DataSource, projectIds: readonly string[]): Promise<ProjectStatusChangeEntity[]> {
  const ids = uuids(projectIds);
  if (!ids.length) return Promise.resolve([]);
  return dataSource
    .getRepository(ProjectStatusChangeEntity)
    .createQueryBuilder('c')
    .where('c.project_id = ANY(:ids::uuid[])', { ids })
    .orderBy('c.on_date', 'ASC')
    .addOrderBy('c.id', 'ASC')
    .getMany();
}

/** The gaps each project closes, tagged with the project id (one statement per batch). */
export async function findGapsClosedByProjects(
  dataSource: DataSource,
  projectIds: readonly string[],
): Promise<(FacilityGapEntity & { projectId: string })[]> {
  const ids = uuids(projectIds);
  if (!ids.length) return [];
  const rows: {
    project_id: string;
    id: string;
    school_id: string;
    region_code: string;
    category: FacilityCategory;
    description: string;
    estimated_cost_fen: string;
    recorded_on: string;
  }[] = await dataSource.query(
    `SELECT pg.project_id, g.id, g.school_id, g.region_code, g.category, g.description, g.estimated_cost_fen,
            to_char(g.recorded_on, 'YYYY-MM-DD') AS recorded_on
       FROM project_gap pg JOIN facility_gap g ON g.id = pg.gap_id
      WHERE pg.project_id = ANY($1::uuid[])
      ORDER BY g.category, g.id`,
    [ids],
  );
  return rows.map((r) => ({
    projectId: r.project_id,
    id: r.id,
    schoolId: r.school_id,
    regionCode: r.region_code,
    category: r.category,
    description: r.description,
    estimatedCostFen: Number(r.estimated_cost_fen),
    recordedOn: r.recorded_on,
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

/** The facility ledger of every school inside `regionPrefix`, rolled up (three statements). */
export async function facilitySummary(dataSource: DataSource, regionPrefix: string): Promise<FacilitySummaryValue> {
  const prefix = like(regionPrefix);
  const [schoolRow] = (await dataSource.query(
    `SELECT count(*) AS schools,
            count(*) FILTER (WHERE NOT EXISTS (
              SELECT 1 FROM facility_gap g WHERE g.school_id = s.id AND NOT ${GAP_CLOSED_SQL})) AS meeting,
            count(*) FILTER (WHERE s.has_broadband) AS broadband,
            coalesce(sum(s.classrooms), 0) AS classrooms,
            coalesce(sum(s.multimedia_classrooms), 0) AS multimedia,
            count(*) FILTER (WHERE s.type = 'TEACHING_POINT') AS teaching_points,
            count(*) FILTER (WHERE s.type = 'TEACHING_POINT' AND s.linked_to_provincial_platform) AS linked
       FROM school s WHERE s.region_code LIKE $1`,
    [prefix],
  )) as Record<string, string>[];
  const gapRows: { category: FacilityCategory; gaps: string; cost: string }[] = await dataSource.query(
    `SELECT g.category, count(*) AS gaps, sum(g.estimated_cost_fen) AS cost
       FROM facility_gap g WHERE g.region_code LIKE $1 AND NOT ${GAP_CLOSED_SQL}
      GROUP BY g.category`,
    [prefix],
  );
  const projectRows: { status: ProjectStatus; projects: string; budget: string; spent: string }[] = await dataSource.query(
    `SELECT p.status, count(*) AS projects, sum(p.budget_fen) AS budget, sum(p.spent_fen) AS spent
       FROM improvement_project p WHERE p.region_code LIKE $1 GROUP BY p.status`,
    [prefix],
  );
  const gapsByCategory = new Map(gapRows.map((r) => [r.category, r]));
  const projectsByStatus = new Map(projectRows.map((r) => [r.status, r]));
  const outstandingGaps = FACILITY_CATEGORIES.filter((c) => gapsByCategory.has(c)).map((category) => {
    const r = gapsByCategory.get(category)!;
    return { category, gaps: Number(r.gaps), estimatedCostFen: Number(r.cost) };
  });
  const s = schoolRow ?? {};
  return {
    schools: Number(s.schools ?? 0),
    schoolsMeetingBasicStandard: Number(s.meeting ?? 0),
    outstandingGaps,
    outstandingGapCostFen: outstandingGaps.reduce((sum, g) => sum + g.estimatedCostFen, 0),
    projectsByStatus: PROJECT_STATUSES.map((status) => {
      const r = projectsByStatus.get(status);
      return { status, projects: Number(r?.projects ?? 0), budgetFen: Number(r?.budget ?? 0), spentFen: Number(r?.spent ?? 0) };
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

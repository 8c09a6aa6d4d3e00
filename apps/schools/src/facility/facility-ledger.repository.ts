import type { EntityManager } from 'typeorm';
import type { FacilityCategory, ProjectStatus } from '@epg/domain';
import { fenFromBigint } from '@epg/domain';
import { keysetPage, type ScopedData } from '@epg/persistence';
import type { PageRequest } from '@epg/subgraph-kit';
import { FacilityGapEntity, ProjectEntity } from './facility.entity';
import { GAP_CLOSED_SQL } from './facility.repository';
import type { ClosingProject, FacilityGapStatus, FundingSource } from './facility-ledger.rules';

export interface GapListFilter {
  category?: FacilityCategory | null;
  status?: FacilityGapStatus | null;
}

/** The gaps of the scope matching the filter (a region list narrows `data` to its region first). */
function gapQuery(data: ScopedData, filter: GapListFilter) {
  const qb = data.repository(FacilityGapEntity).query('g');
  if (filter.category) qb.andWhere('g.category = :category', { category: filter.category });
  if (filter.status === 'CANCELLED') qb.andWhere('g.cancelled_on IS NOT NULL');
  if (filter.status === 'CLOSED') qb.andWhere(`g.cancelled_on IS NULL AND ${GAP_CLOSED_SQL}`);
  if (filter.status === 'OPEN') qb.andWhere(`g.cancelled_on IS NULL AND NOT ${GAP_CLOSED_SQL}`);
  return qb;
}

/** A keyset page of gaps, oldest recorded first (`first + 1` rows). */
export function findGapPage(data: ScopedData, filter: GapListFilter, page: PageRequest): Promise<FacilityGapEntity[]> {
  return keysetPage(gapQuery(data, filter), page, [
    { expression: 'g.recorded_on', cast: 'date' },
    { expression: 'g.id', cast: 'uuid' },
  ]);
}

export function countGaps(data: ScopedData, filter: GapListFilter): Promise<number> {
  return gapQuery(data, filter).getCount();
}

export interface ProjectListFilter {
  programme?: string | null;
  status?: ProjectStatus | null;
}

/** The projects of the scope matching the filter. */
function projectQuery(data: ScopedData, filter: ProjectListFilter) {
  const qb = data.repository(ProjectEntity).query('p');
  if (filter.programme) qb.andWhere('p.programme = :programme', { programme: filter.programme });
  if (filter.status) qb.andWhere('p.status = :status', { status: filter.status });
  return qb;
}

/** A keyset page of projects, by name (`first + 1` rows). */
export function findProjectPage(data: ScopedData, filter: ProjectListFilter, page: PageRequest): Promise<ProjectEntity[]> {
  return keysetPage(projectQuery(data, filter), page, [
    { expression: 'p.name', cast: 'text' },
    { expression: 'p.id', cast: 'uuid' },
  ]);
}

export function countProjects(data: ScopedData, filter: ProjectListFilter): Promise<number> {
  return projectQuery(data, filter).getCount();
}

/** The projects naming a gap among those they close (the gap found in scope by the caller). */
export function findProjectsClosingGap(manager: EntityManager, gapId: string): Promise<ClosingProject[]> {
  return manager.query(
    `SELECT p.name, p.status FROM project_gap pg JOIN improvement_project p ON p.id = pg.project_id
      WHERE pg.gap_id = $1 ORDER BY (p.status = 'ACCEPTED') DESC, p.name`,
    [gapId],
  );
}

export interface FundingTotalsValue {
  projects: number;
  budgetFen: number;
  spentFen: number;
  bySource: { source: FundingSource; amountFen: number; projects: number }[];
}

/**
 * The funding of the projects of `data` (a region wholly inside the caller's scope) matching the
 * filter, by source (资金来源), summed in PostgreSQL as bigint and read exactly (`fenFromBigint`).
 */
export async function fundingTotals(data: ScopedData, filter: ProjectListFilter): Promise<FundingTotalsValue> {
  const [row] = await data.query<Record<string, string>>(
    (region) => `SELECT count(*) AS projects,
            coalesce(sum(p.budget_fen), 0) AS budget, coalesce(sum(p.spent_fen), 0) AS spent,
            coalesce(sum(p.finance_fen), 0) AS finance, count(*) FILTER (WHERE p.finance_fen > 0) AS finance_projects,
            coalesce(sum(p.poverty_loan_fen), 0) AS loan, count(*) FILTER (WHERE p.poverty_loan_fen > 0) AS loan_projects,
            coalesce(sum(p.social_fen), 0) AS social, count(*) FILTER (WHERE p.social_fen > 0) AS social_projects
       FROM improvement_project p
      WHERE ${region('p.region_code')}
        AND ($2::text IS NULL OR p.programme = $2) AND ($3::text IS NULL OR p.status = $3)`,
    [filter.programme ?? null, filter.status ?? null],
  );
  const r = row ?? {};
  return {
    projects: Number(r.projects ?? 0),
    budgetFen: fenFromBigint(r.budget ?? '0'),
    spentFen: fenFromBigint(r.spent ?? '0'),
    bySource: [
      { source: 'FINANCE', amountFen: fenFromBigint(r.finance ?? '0'), projects: Number(r.finance_projects ?? 0) },
      { source: 'POVERTY_ALLEVIATION_LOAN', amountFen: fenFromBigint(r.loan ?? '0'), projects: Number(r.loan_projects ?? 0) },
      { source: 'SOCIAL', amountFen: fenFromBigint(r.social ?? '0'), projects: Number(r.social_projects ?? 0) },
    ],
  };
}

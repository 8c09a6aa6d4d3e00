import { assertRegionInScope, regionScopePrefix } from '@epg/auth';
import { todayIso } from '@epg/domain';
import { escapeLike, isUuid } from '@epg/persistence';
import { badUserInput, notFound, parseInput, type BaseContext } from '@epg/subgraph-kit';
import { writeTransaction } from '../shared/writes';
import { lockSchoolInRegion } from '../school/school.repository';
import { FacilityGapEntity, ProjectEntity, ProjectGapEntity, ProjectStatusChangeEntity } from './facility.entity';
import { changeProjectStatusSchema, createProjectSchema, datesForStatus, facilityGapSchema, nextProjectState } from './facility.rules';

type Ctx = Pick<BaseContext, 'principal' | 'requestId' | 'dataSource'>;

function schoolNotFound(path: string) {
  return badUserInput('school not found in your region', [{ path, message: 'school not found in your region' }]);
}

/** Records a gap against the basic standard at a school in the caller's scope. */
export async function recordFacilityGap(ctx: Ctx, rawInput: unknown): Promise<FacilityGapEntity> {
  const input = parseInput(facilityGapSchema, rawInput, 'input');
  return writeTransaction(ctx, async (manager) => {
    const school = await lockSchoolInRegion(manager, input.schoolId, regionScopePrefix(ctx.principal));
    if (!school) throw schoolNotFound('input.schoolId');
    const repo = manager.getRepository(FacilityGapEntity);
    const gap = await repo.save(
      repo.create({
        schoolId: school.id,
        regionCode: school.regionCode,
        category: input.category,
        description: input.description,
        estimatedCostFen: input.estimatedCostFen,
        recordedOn: input.recordedOn ?? todayIso(),
      }),
    );
    return { result: gap, audit: { operation: 'recordFacilityGap', entityType: 'FacilityGap', entityId: gap.id, after: { ...gap } } };
  });
}

/** Creates an improvement project, its first dated status and the gaps it closes. */
export async function createProject(ctx: Ctx, rawInput: unknown): Promise<ProjectEntity> {
  const input = parseInput(createProjectSchema, rawInput, 'input');
  if (input.regionCode) assertRegionInScope(ctx.principal, input.regionCode);
  return writeTransaction(ctx, async (manager) => {
    let regionCode = input.regionCode ?? null;
    if (input.schoolId) {
      const school = await lockSchoolInRegion(manager, input.schoolId, regionScopePrefix(ctx.principal));
      if (!school) throw schoolNotFound('input.schoolId');
      regionCode = school.regionCode;
    }
    const gapIds = [...new Set(input.closesGapIds ?? [])];
    if (gapIds.length) {
      const gaps = await manager
        .getRepository(FacilityGapEntity)
        .createQueryBuilder('g')
        .where('g.id = ANY(:ids::uuid[])', { ids: gapIds })
        .andWhere('g.school_id = :schoolId', { schoolId: input.schoolId })
        .getMany();
      const found = new Set(gaps.map((g) => g.id));
      const missing = gapIds.filter((id) => !found.has(id));
      if (missing.length) {
        throw badUserInput('a project closes only gaps of its own school', [
          { path: 'input.closesGapIds', message: `not gaps of the project's school: ${missing.join(', ')}` },
        ]);
      }
    }
    const status = input.status ?? 'PLANNED';
    const on = input.on ?? todayIso();
    const repo = manager.getRepository(ProjectEntity);
    const project = await repo.save(
      repo.create({
        schoolId: input.schoolId ?? null,
        regionCode: regionCode!,
        name: input.name,
        kind: input.kind,
        programme: input.programme ?? null,
        status,
        budgetFen: input.budgetFen,
        financeFen: input.funding.financeFen,
        povertyLoanFen: input.funding.povertyAlleviationLoanFen,
        socialFen: input.funding.socialFen,
        spentFen: 0,
        ...datesForStatus(status, on),
      }),
    );
    await manager.insert(ProjectStatusChangeEntity, { projectId: project.id, status, on, note: null });
    if (gapIds.length) await manager.insert(ProjectGapEntity, gapIds.map((gapId) => ({ projectId: project.id, gapId })));
    return {
      result: project,
      audit: { operation: 'createProject', entityType: 'Project', entityId: project.id, after: { ...project, closesGapIds: gapIds } },
    };
  });
}

/** Moves a project one status forward, dated; recorded in its history. */
export async function changeProjectStatus(ctx: Ctx, rawInput: unknown): Promise<ProjectEntity> {
  const input = parseInput(changeProjectStatusSchema, rawInput, 'input');
  return writeTransaction(ctx, async (manager) => {
    const project = isUuid(input.projectId)
      ? await manager
          .getRepository(ProjectEntity)
          .createQueryBuilder('p')
          .setLock('pessimistic_write')
          .where('p.id = :id', { id: input.projectId })
          .andWhere('p.region_code LIKE :prefix', { prefix: `${escapeLike(regionScopePrefix(ctx.principal))}%` })
          .getOne()
      : null;
    if (!project) throw notFound('project');
    const last = await manager
      .getRepository(ProjectStatusChangeEntity)
      .createQueryBuilder('c')
      .where('c.project_id = :id', { id: project.id })
      .orderBy('c.on_date', 'DESC')
      .addOrderBy('c.id', 'DESC')
      .getOne();
    const transition = nextProjectState({ ...project, lastChangeOn: last?.on ?? null }, input);
    if (!transition.ok) throw badUserInput(`${transition.issues[0]!.path}: ${transition.issues[0]!.message}`, transition.issues);
    const before = { ...project };
    Object.assign(project, transition.patch);
    const saved = await manager.getRepository(ProjectEntity).save(project);
    await manager.insert(ProjectStatusChangeEntity, { projectId: project.id, status: input.status, on: input.on, note: input.note ?? null });
    return {
      result: saved,
      audit: { operation: 'changeProjectStatus', entityType: 'Project', entityId: saved.id, before, after: { ...saved } },
    };
  });
}

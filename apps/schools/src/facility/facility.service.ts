import { assertRegionInScope } from '@epg/auth';
import { todayIso, type RegionCode } from '@epg/domain';
import { badFields, badUserInput, notFound, parseInput, write, type BaseContext } from '@epg/subgraph-kit';
import { lockSchool } from '../school/school.repository';
import { FacilityGapEntity, ProjectEntity, ProjectGapEntity, ProjectStatusChangeEntity } from './facility.entity';
import { changeProjectStatusSchema, createProjectSchema, datesForStatus, facilityGapSchema, nextProjectState } from './facility.rules';

function schoolNotFound(path: string) {
  return badUserInput('school not found in your region', [{ path, message: 'school not found in your region' }]);
}

/** Records a gap against the basic standard at a school in the caller's scope. */
export async function recordFacilityGap(ctx: BaseContext, rawInput: unknown): Promise<FacilityGapEntity> {
  const input = parseInput(facilityGapSchema, rawInput, 'input');
  return write(ctx, { operation: 'recordFacilityGap' }, async (tx) => {
    const school = await lockSchool(tx.data, input.schoolId);
    if (!school) throw schoolNotFound('input.schoolId');
    const repo = tx.manager.getRepository(FacilityGapEntity);
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
    tx.audit({ operation: 'recordFacilityGap', regionCode: gap.regionCode, entityType: 'FacilityGap', entityId: gap.id, after: { ...gap } });
    return gap;
  });
}

/** Creates an improvement project, its first dated status and the gaps it closes. */
export async function createProject(ctx: BaseContext, rawInput: unknown): Promise<ProjectEntity> {
  const input = parseInput(createProjectSchema, rawInput, 'input');
  // A county-wide project is written to the region it names: inside the caller's scope only.
  if (input.regionCode) assertRegionInScope(ctx.principal, input.regionCode);
  return write(ctx, { operation: 'createProject' }, async (tx) => {
    let regionCode: RegionCode | null = input.regionCode ?? null;
    if (input.schoolId) {
      const school = await lockSchool(tx.data, input.schoolId);
      if (!school) throw schoolNotFound('input.schoolId');
      regionCode = school.regionCode;
    }
    const gapIds = [...new Set(input.closesGapIds ?? [])];
    if (gapIds.length) {
      const gaps = await tx.data
        .repository(FacilityGapEntity)
        .query('g')
        .andWhere('g.id = ANY(:ids::uuid[])', { ids: gapIds })
        .andWhere('g.school_id = :schoolId', { schoolId: input.schoolId })
        .getMany();
      const found = new Set(gaps.map((g) => g.id));
      const missing = gapIds.filter((id) => !found.has(id));
      if (missing.length) {
        throw badUserInput('a project closes only gaps of its own school', [
          { path: 'input.closesGapIds', message: `not gaps of the project's school: ${missing.join(', ')}` },
        ]);
      }
      const cancelled = gaps.filter((g) => g.cancelledOn).map((g) => g.id);
      if (cancelled.length) {
        throw badUserInput('a project closes only standing gaps', [{ path: 'input.closesGapIds', message: `cancelled gaps: ${cancelled.join(', ')}` }]);
      }
    }
    const status = input.status ?? 'PLANNED';
    const on = input.on ?? todayIso();
    const repo = tx.manager.getRepository(ProjectEntity);
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
    await tx.manager.insert(ProjectStatusChangeEntity, { projectId: project.id, status, on, note: null });
    if (gapIds.length) await tx.manager.insert(ProjectGapEntity, gapIds.map((gapId) => ({ projectId: project.id, gapId })));
    tx.audit({ operation: 'createProject', regionCode: project.regionCode, entityType: 'Project', entityId: project.id, after: { ...project, closesGapIds: gapIds } });
    return project;
  });
}

/** Moves a project one status forward, dated; recorded in its history. */
export async function changeProjectStatus(ctx: BaseContext, rawInput: unknown): Promise<ProjectEntity> {
  const input = parseInput(changeProjectStatusSchema, rawInput, 'input');
  return write(ctx, { operation: 'changeProjectStatus' }, async (tx) => {
    const project = await tx.data.repository(ProjectEntity).findById(input.projectId, { lock: true });
    if (!project) throw notFound('project');
    // The project's own history (found in scope above).
    const last = await tx.manager
      .getRepository(ProjectStatusChangeEntity)
      .createQueryBuilder('c')
      .where('c.project_id = :id', { id: project.id })
      .orderBy('c.on_date', 'DESC')
      .addOrderBy('c.id', 'DESC')
      .getOne();
    const transition = nextProjectState({ ...project, lastChangeOn: last?.on ?? null }, input);
    if (!transition.ok) throw badFields(transition.issues);
    const before = { ...project };
    Object.assign(project, transition.patch);
    const saved = await tx.manager.getRepository(ProjectEntity).save(project);
    await tx.manager.insert(ProjectStatusChangeEntity, { projectId: project.id, status: input.status, on: input.on, note: input.note ?? null });
    tx.audit({ operation: 'changeProjectStatus', regionCode: saved.regionCode, entityType: 'Project', entityId: saved.id, before, after: { ...saved } });
    return saved;
  });
}

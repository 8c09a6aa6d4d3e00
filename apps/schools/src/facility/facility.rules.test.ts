import { createProjectSchema, nextProjectState, spendingIssue, type ProjectState } from './facility.rules';

const planned: ProjectState = {
  status: 'PLANNED',
  budgetFen: 1_000_000,
  spentFen: 0,
  startedOn: null,
  completedOn: null,
  acceptedOn: null,
  lastChangeOn: '2023-03-01',
};

describe('project status changes', () => {
  it('moves forward one step and dates the milestones', () => {
    const approved = nextProjectState(planned, { status: 'APPROVED', on: '2023-04-01' });
    expect(approved).toEqual({ ok: true, patch: expect.objectContaining({ status: 'APPROVED', startedOn: null }) });
    const building = nextProjectState({ ...planned, status: 'APPROVED', lastChangeOn: '2023-04-01' }, { status: 'UNDER_CONSTRUCTION', on: '2023-05-01', spentFen: 300_000 });
    expect(building).toEqual({ ok: true, patch: { status: 'UNDER_CONSTRUCTION', spentFen: 300_000, startedOn: '2023-05-01', completedOn: null, acceptedOn: null } });
    const accepted = nextProjectState(
      { ...planned, status: 'COMPLETED', startedOn: '2023-05-01', completedOn: '2023-10-01', lastChangeOn: '2023-10-01', spentFen: 900_000 },
      { status: 'ACCEPTED', on: '2023-12-01' },
    );
    expect(accepted).toEqual({ ok: true, patch: { status: 'ACCEPTED', spentFen: 900_000, startedOn: '2023-05-01', completedOn: '2023-10-01', acceptedOn: '2023-12-01' } });
  });

  it('refuses skipping a step, going back, finished projects, earlier dates and shrinking spend', () => {
    const skip = nextProjectState(planned, { status: 'UNDER_CONSTRUCTION', on: '2023-04-01' });
    expect(skip).toEqual({ ok: false, issues: [{ path: 'input.status', message: expect.stringContaining('APPROVED') }] });
    expect(nextProjectState({ ...planned, status: 'APPROVED' }, { status: 'PLANNED', on: '2023-04-01' }).ok).toBe(false);
    expect(nextProjectState({ ...planned, status: 'ACCEPTED' }, { status: 'ACCEPTED', on: '2023-04-01' })).toEqual({
      ok: false,
      issues: [{ path: 'input.status', message: expect.stringContaining('finished') }],
    });
    const early = nextProjectState(planned, { status: 'APPROVED', on: '2023-02-01' });
    expect(early).toEqual({ ok: false, issues: [{ path: 'input.on', message: expect.stringContaining('2023-03-01') }] });
    const shrink = nextProjectState({ ...planned, spentFen: 500 }, { status: 'APPROVED', on: '2023-04-01', spentFen: 100 });
    expect(shrink).toEqual({ ok: false, issues: [{ path: 'input.spentFen', message: expect.any(String) }] });
  });
});

describe('project input', () => {
  const base = {
    schoolId: '2b5a3c38-4a0e-5f1b-8f1e-0c3f6b2a9d11',
    name: '教学楼',
    kind: 'STANDARDISATION',
    budgetFen: 37_620_000_000,
    funding: { financeFen: 7_620_000_000, povertyAlleviationLoanFen: 30_000_000_000, socialFen: 0 },
  };

  it('accepts budgets beyond the 32-bit range when the sources add up', () => {
    expect(createProjectSchema.safeParse(base).success).toBe(true);
  });

  it('refuses funding sources that do not add up to the budget, and a project with neither school nor region', () => {
    const wrong = createProjectSchema.safeParse({ ...base, budgetFen: 37_620_000_001 });
    expect(wrong.success).toBe(false);
    expect(wrong.error?.issues.map((i) => i.path.join('.'))).toEqual(['funding']);
    const nowhere = createProjectSchema.safeParse({ ...base, schoolId: null });
    expect(nowhere.error?.issues.map((i) => i.path.join('.'))).toEqual(['regionCode']);
  });
});

describe('project facts (issue 20)', () => {
  const base = { schoolId: '00000000-0000-4000-8000-000000000001', name: '改薄', kind: '改薄', budgetFen: 100, funding: { financeFen: 100, povertyAlleviationLoanFen: 0, socialFen: 0 } };

  it('creates a project only PLANNED or APPROVED', () => {
    expect(createProjectSchema.safeParse({ ...base, status: 'APPROVED' }).success).toBe(true);
    const accepted = createProjectSchema.safeParse({ ...base, status: 'ACCEPTED' });
    expect(accepted.success ? [] : accepted.error.issues.map((i) => i.path.join('.'))).toEqual(['status']);
  });

  it('takes spending up to the budget plus 10%, and refuses more', () => {
    expect(spendingIssue(110, 100)).toBeNull();
    expect(spendingIssue(111, 100)).toMatch(/exceeds the budget of 100 fen by more than 10%/);
    const state = { status: 'APPROVED' as const, budgetFen: 100, spentFen: 0, startedOn: null, completedOn: null, acceptedOn: null, lastChangeOn: '2024-01-01' };
    const wild = nextProjectState(state, { status: 'UNDER_CONSTRUCTION', on: '2024-02-01', spentFen: 666_600 });
    expect(wild.ok ? [] : wild.issues.map((i) => i.path)).toEqual(['input.spentFen']);
  });
});

import { trainingOutcomes } from './outcomes.rules';

describe('trainingOutcomes', () => {
  it('gives every kind a row, with the employment rate over all trainings of the year', () => {
    const rows = trainingOutcomes(2024, [
      { kind: 'MIGRANT_TRANSFER', trained: 4, employed: 3, notEmployed: 0 },
      { kind: 'RAIN_DEW', trained: 2, employed: 0, notEmployed: 2 },
    ]);
    expect(rows.map((r) => r.kind)).toEqual(['NEW_PROFESSIONAL_FARMER', 'MIGRANT_TRANSFER', 'PRACTICAL_TECHNIQUE', 'ENTREPRENEURSHIP', 'RAIN_DEW']);
    expect(rows[1]).toEqual({ kind: 'MIGRANT_TRANSFER', year: 2024, trained: 4, employed: 3, notEmployed: 0, unknown: 1, employmentRate: 0.75 });
    expect(rows[4]).toMatchObject({ trained: 2, employed: 0, unknown: 0, employmentRate: 0 });
  });

  it('reports no rate for a kind nobody was trained in', () => {
    expect(trainingOutcomes(2024, [])[0]).toEqual({ kind: 'NEW_PROFESSIONAL_FARMER', year: 2024, trained: 0, employed: 0, notEmployed: 0, unknown: 0, employmentRate: null });
  });
});

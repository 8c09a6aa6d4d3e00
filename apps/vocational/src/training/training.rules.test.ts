import { trainingAgeIssue, trainingInputSchema } from './training.rules';

describe('trainingAgeIssue', () => {
  it('accepts a new professional farmer who is 50 on the training date', () => {
    // 50th birthday on 2023-06-15; the day before the 51st birthday is still 50.
    expect(trainingAgeIssue('NEW_PROFESSIONAL_FARMER', '1973-06-15', '2023-06-15')).toBeNull();
    expect(trainingAgeIssue('NEW_PROFESSIONAL_FARMER', '1973-06-15', '2024-06-14')).toBeNull();
  });

  it('refuses one who turned 51', () => {
    expect(trainingAgeIssue('NEW_PROFESSIONAL_FARMER', '1973-06-15', '2024-06-15')).toMatch(/50 or younger .*was 51/);
  });

  it('does not limit the age of other kinds', () => {
    expect(trainingAgeIssue('PRACTICAL_TECHNIQUE', '1950-01-01', '2024-06-15')).toBeNull();
    expect(trainingAgeIssue('MIGRANT_TRANSFER', '1960-01-01', '2024-06-15')).toBeNull();
  });

  it('refuses a training before birth', () => {
    expect(trainingAgeIssue('RAIN_DEW', '2010-01-01', '2009-12-31')).toMatch(/before the person was born/);
  });
});

describe('trainingAgeIssue at year precision (callers who do not see birth dates)', () => {
  it('answers the same on either side of a birthday, so trying dates does not find it', () => {
    const answers = ['2024-06-14', '2024-06-15'].map((d) => trainingAgeIssue('NEW_PROFESSIONAL_FARMER', '1973-06-15', d, 'year'));
    expect(answers[0]).toMatch(/50 or younger.*pii:read/);
    expect(answers[1]).toBe(answers[0]);
    const born = ['2010-03-01', '2010-03-02'].map((d) => trainingAgeIssue('RAIN_DEW', '2010-03-02', d, 'year'));
    expect(born[0]).toMatch(/year the person was born/);
    expect(born[1]).toBe(born[0]);
  });

  it('decides what the birth year decides', () => {
    expect(trainingAgeIssue('NEW_PROFESSIONAL_FARMER', '1973-06-15', '2023-12-31', 'year')).toBeNull();
    expect(trainingAgeIssue('NEW_PROFESSIONAL_FARMER', '1973-06-15', '2025-01-01', 'year')).toMatch(/was at least 51/);
    expect(trainingAgeIssue('RAIN_DEW', '2010-03-02', '2009-12-31', 'year')).toMatch(/before the person was born/);
    // A year after the birth: born, but far below working age (issue 21: no infant trainee).
    expect(trainingAgeIssue('RAIN_DEW', '2010-03-02', '2011-01-01', 'year')).toMatch(/ages 16 to/);
    expect(trainingAgeIssue('RAIN_DEW', '2000-03-02', '2021-01-01', 'year')).toBeNull();
  });
});

describe('trainingInputSchema', () => {
  const schema = trainingInputSchema('2024-01-01');
  const valid = { personId: 'p', kind: 'PRACTICAL_TECHNIQUE', hours: 40, completedOn: '2023-11-30', certificate: ' 茶叶种植 ', employedAfter: null };

  it('normalises the certificate and employment', () => {
    expect(schema.parse(valid)).toEqual({ ...valid, certificate: '茶叶种植', employedAfter: null });
    expect(schema.parse({ ...valid, certificate: '  ', employedAfter: undefined })).toMatchObject({ certificate: null, employedAfter: null });
  });

  it('refuses zero hours and future dates with the field path', () => {
    expect(schema.safeParse({ ...valid, hours: 0 }).error?.issues[0]?.path).toEqual(['hours']);
    expect(schema.safeParse({ ...valid, completedOn: '2024-01-02' }).error?.issues[0]?.path).toEqual(['completedOn']);
    expect(schema.safeParse({ ...valid, kind: 'KNITTING' }).error?.issues[0]?.path).toEqual(['kind']);
  });
});

describe('skills training minimum age', () => {
  it('refuses training a 5-year-old, at either precision', () => {
    expect(trainingAgeIssue('NEW_PROFESSIONAL_FARMER', '2021-03-03', '2026-10-10', 'day')).toMatch(/age 5/);
    expect(trainingAgeIssue('NEW_PROFESSIONAL_FARMER', '2021-03-03', '2026-10-10', 'year')).toMatch(/implausible/);
    expect(trainingAgeIssue('NEW_PROFESSIONAL_FARMER', '1990-03-03', '2026-10-10', 'year')).toBeNull();
  });
});

import { typeChangeIssue } from './school-type.rules';

describe('school type changes under enrolled pupils', () => {
  it('takes a type that teaches every enrolled pupil', () => {
    expect(typeChangeIssue('NINE_YEAR', [{ stage: 'PRIMARY', grade: 3, pupils: 40 }])).toBeNull();
    expect(typeChangeIssue('JUNIOR_SECONDARY', [])).toBeNull();
  });

  it('refuses a type enrolled pupils would not fit, counting them', () => {
    expect(
      typeChangeIssue('JUNIOR_SECONDARY', [
        { stage: 'PRIMARY', grade: 3, pupils: 40 },
        { stage: 'PRIMARY', grade: 4, pupils: 2 },
      ]),
    ).toBe('42 ENROLLED pupil(s) would not fit a JUNIOR_SECONDARY school (e.g. PRIMARY grade 3); transfer them first');
  });
});

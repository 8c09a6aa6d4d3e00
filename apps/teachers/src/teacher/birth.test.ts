import { teacherAuditView } from './birth';

describe('teacher birth facts', () => {
  it('keeps neither the ID number nor the birth date in the audit view', () => {
    const view = teacherAuditView({ id: 't1', idNumber: '360323199107230514', birthDate: '1991-07-23', name: '王' });
    expect(view).toEqual({ id: 't1', name: '王', birthYear: 1991 });
  });
});

import { admissionDateIssues, recordAdmissionSchema, seniorRecordIssue, seniorYearOf, type SeniorRecordFacts } from './admission.rules';

const person = '11111111-1111-4111-8111-111111111111';
const record: SeniorRecordFacts = { personId: person, academicYear: 2025, stage: 'SENIOR', grade: 3, status: 'ENROLLED', enrolledOn: '2025-09-01' };

describe('university admission rules (高考录取)', () => {
  it('follows the final-year senior 学籍 of the year before, graduating or graduated', () => {
    expect(seniorYearOf(2026)).toBe(2025);
    expect(seniorRecordIssue(record, person, 2026)).toBeNull();
    expect(seniorRecordIssue({ ...record, status: 'GRADUATED' }, person, 2026)).toBeNull();
  });

  it('refuses another person’s record, another stage, year or grade, and a pupil who left', () => {
    expect(seniorRecordIssue(record, '22222222-2222-4222-8222-222222222222', 2026)).toMatch(/not this person/);
    expect(seniorRecordIssue({ ...record, stage: 'JUNIOR' }, person, 2026)).toMatch(/JUNIOR, not senior/);
    expect(seniorRecordIssue(record, person, 2025)).toMatch(/follows the senior 学籍 of 2024/);
    expect(seniorRecordIssue({ ...record, grade: 2 }, person, 2026)).toMatch(/grade 2/);
    expect(seniorRecordIssue({ ...record, status: 'DROPPED_OUT' }, person, 2026)).toMatch(/DROPPED_OUT/);
  });

  it('dates the admission inside the admission window and after the 学籍 began', () => {
    const input = { personId: person, academicYear: 2026, university: ' 南昌大学 ', inProvince: true, admittedOn: '2026-07-20' };
    expect(recordAdmissionSchema.parse(input).university).toBe('南昌大学');
    const early = recordAdmissionSchema.safeParse({ ...input, admittedOn: '2026-03-01' });
    expect(early.success).toBe(false);
    expect(early.error?.issues[0]?.path).toEqual(['admittedOn']);
    expect(recordAdmissionSchema.safeParse({ ...input, university: '  ' }).success).toBe(false);
    expect(admissionDateIssues('2026-07-20', record)).toEqual([]);
    expect(admissionDateIssues('2025-07-20', record)[0]?.message).toMatch(/before the senior 学籍 began/);
  });
});

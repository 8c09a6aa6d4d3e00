import { currentLinkedRecord, ledgerEndingFor, type EndedSchoolRecord } from './ledger-agreement.rules';

describe('the vocational ledger ends with the 学籍 (issue 21)', () => {
  const record = (over: Partial<EndedSchoolRecord>): EndedSchoolRecord => ({
    id: 'r2024', academicYear: 2024, stage: 'SECONDARY_VOCATIONAL', status: 'ENROLLED', schoolId: 's', endedOn: null, ...over,
  });

  it('follows the linked record to the latest secondary-vocational year at the same school', () => {
    const last = record({ id: 'r2026', academicYear: 2026, status: 'GRADUATED', endedOn: '2027-06-30' });
    const records = [record({}), record({ id: 'r2025', academicYear: 2025 }), last, record({ id: 'elsewhere', academicYear: 2027, schoolId: 'o' })];
    expect(currentLinkedRecord(records, 'r2024')).toBe(last);
    expect(currentLinkedRecord(records, 'missing')).toBeNull();
  });

  it('graduates only a GRADUATED 学籍, on its date (taken from it when omitted)', () => {
    const graduated = record({ status: 'GRADUATED', endedOn: '2025-06-30' });
    expect(ledgerEndingFor(graduated, 'GRADUATED', null)).toEqual({ endedOn: '2025-06-30' });
    expect(ledgerEndingFor(graduated, 'GRADUATED', '2025-06-30')).toEqual({ endedOn: '2025-06-30' });
    expect(ledgerEndingFor(graduated, 'GRADUATED', '2025-07-01')).toEqual({ kind: 'DATE', message: expect.stringMatching(/^graduatedOn: .*2025-06-30/) });
    expect(ledgerEndingFor(record({}), 'GRADUATED', '2025-06-30')).toEqual({ kind: 'CONFLICT', message: expect.stringMatching(/ENROLLED, not GRADUATED.*graduateStudent/) });
  });

  it('withdraws only after a dropout or transfer, never while ENROLLED or SUSPENDED, nor after a graduation', () => {
    expect(ledgerEndingFor(record({ status: 'DROPPED_OUT', endedOn: '2025-03-01' }), 'WITHDRAWN', null)).toEqual({ endedOn: '2025-03-01' });
    expect(ledgerEndingFor(record({ status: 'TRANSFERRED_OUT', endedOn: '2025-03-02' }), 'WITHDRAWN', '2025-03-02')).toEqual({ endedOn: '2025-03-02' });
    expect(ledgerEndingFor(record({}), 'WITHDRAWN', null)).toEqual({ kind: 'CONFLICT', message: expect.stringMatching(/dropOutStudent/) });
    expect(ledgerEndingFor(record({ status: 'SUSPENDED' }), 'WITHDRAWN', null)).toEqual({ kind: 'CONFLICT', message: expect.stringMatching(/SUSPENDED/) });
    expect(ledgerEndingFor(record({ status: 'GRADUATED', endedOn: '2025-06-30' }), 'WITHDRAWN', null)).toEqual({ kind: 'CONFLICT', message: expect.stringMatching(/graduateVocational/) });
  });

  it('refuses when the linked 学籍 cannot be read', () => {
    expect(ledgerEndingFor(null, 'GRADUATED', null)).toEqual({ kind: 'CONFLICT', message: expect.stringMatching(/cannot be read/) });
  });
});

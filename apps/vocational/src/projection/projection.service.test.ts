import { latestPerPerson, type PersonChange } from './projection.service';

const change = (personId: string, changedAt: string, householdStatus = 'IDENTIFIED'): PersonChange => ({
  personId,
  householdId: 'h',
  villageCode: '360323100201',
  birthDate: '2008-01-01',
  householdStatus,
  removed: householdStatus === 'REMOVED',
  changedAt,
});

describe('latestPerPerson', () => {
  it('keeps the latest change of each person of a feed page', () => {
    const page = [change('a', '2024-01-01T00:00:00Z'), change('b', '2024-01-02T00:00:00Z'), change('a', '2024-03-01T00:00:00Z', 'REMOVED')];
    expect(latestPerPerson(page)).toEqual([change('a', '2024-03-01T00:00:00Z', 'REMOVED'), change('b', '2024-01-02T00:00:00Z')]);
  });

  it('compares instants, not strings', () => {
    // 01:00 in UTC+8 is 17:00 UTC the day before: earlier than 23:00 UTC, though it sorts later as text.
    const page = [change('a', '2023-12-31T23:00:00Z', 'EXITED'), change('a', '2024-01-01T01:00:00.000+08:00')];
    expect(latestPerPerson(page)).toEqual([change('a', '2023-12-31T23:00:00Z', 'EXITED')]);
  });
});

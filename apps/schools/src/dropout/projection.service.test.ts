import { latestPerPerson, type PersonChange } from './projection.service';

const change = (personId: string, changedAt: string, name: string): PersonChange => ({
  personId,
  householdId: 'h',
  villageCode: '360323100201',
  name,
  gender: 'MALE',
  birthDate: '2012-01-01',
  hasDisability: false,
  relationToHead: 'CHILD',
  householdStatus: 'IDENTIFIED',
  householdCategory: 'POVERTY_REGISTERED',
  householdExitedOn: null,
  removed: false,
  changedAt,
});

describe('projection of the households feed', () => {
  it('keeps the latest change of each person in a page', () => {
    const page = [change('a', '2024-01-01T00:00:00Z', 'old'), change('b', '2024-01-02T00:00:00Z', 'b'), change('a', '2024-01-03T00:00:00Z', 'new')];
    const latest = latestPerPerson(page);
    expect(latest).toHaveLength(2);
    expect(latest.find((c) => c.personId === 'a')?.name).toBe('new');
  });
});

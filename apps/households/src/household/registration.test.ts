import { makeIdNumber } from '@epg/domain';
import { validateRegistration } from './registration';

const TODAY = '2026-11-25';
const head = makeIdNumber('360323', '1980-04-05', 11);
const child = makeIdNumber('360323', '2012-06-07', 22);

function record(overrides: Record<string, unknown> = {}) {
  return {
    registrationNumber: '360323101201900',
    villageCode: '360323101201',
    category: 'POVERTY_REGISTERED',
    povertyCauses: ['ILLNESS'],
    annualIncomePerCapitaFen: 320000,
    identifiedOn: '2015-05-01',
    members: [
      { name: '刘建国', idNumber: head, relationToHead: 'HEAD' },
      { name: '刘雨欣', idNumber: child.toLowerCase(), relationToHead: 'CHILD', hasDisability: true },
    ],
    ...overrides,
  };
}

describe('validating a household registration', () => {
  it('derives birth date and gender from each ID number', () => {
    const result = validateRegistration(record(), TODAY);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.members).toEqual([
      { name: '刘建国', idNumber: head, gender: 'MALE', birthDate: '1980-04-05', relationToHead: 'HEAD', hasDisability: false },
      { name: '刘雨欣', idNumber: child, gender: 'FEMALE', birthDate: '2012-06-07', relationToHead: 'CHILD', hasDisability: true },
    ]);
  });

  it('names the field of every problem', () => {
    const result = validateRegistration(
      record({
        villageCode: '360323101',
        povertyCauses: [],
        annualIncomePerCapitaFen: -5,
      }),
      TODAY,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => i.field).sort()).toEqual(['annualIncomePerCapitaFen', 'povertyCauses', 'villageCode']);
  });

  it('refuses a bad check digit, a duplicate member and a second head', () => {
    const bad = `${head.slice(0, 17)}${head[17] === '0' ? '1' : '0'}`;
    const result = validateRegistration(
      record({
        members: [
          { name: 'A', idNumber: head, relationToHead: 'HEAD' },
          { name: 'B', idNumber: bad, relationToHead: 'SPOUSE' },
          { name: 'C', idNumber: head, relationToHead: 'HEAD' },
        ],
      }),
      TODAY,
    );
    expect(result).toEqual({
      ok: false,
      issues: expect.arrayContaining([
        { field: 'members', message: 'a household has exactly one HEAD (found 2)' },
        { field: 'members.1.idNumber', message: expect.stringContaining('check digit') },
        { field: 'members.2.idNumber', message: 'the same ID number as members.0' },
      ]),
    });
  });

  it('checks a given birth date and gender against the ID number', () => {
    const result = validateRegistration(
      record({ members: [{ name: 'A', idNumber: head, relationToHead: 'HEAD', birthDate: '1980-04-06', gender: 'FEMALE' }] }),
      TODAY,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => i.field)).toEqual(['members.0.birthDate', 'members.0.gender']);
  });

  it('refuses legacy 15-digit numbers and future identification dates', () => {
    const result = validateRegistration(
      record({ identifiedOn: '2027-01-01', members: [{ name: 'A', idNumber: '360323800405111', relationToHead: 'HEAD' }] }),
      TODAY,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toEqual([
      { field: 'identifiedOn', message: '2027-01-01 is in the future' },
      { field: 'members.0.idNumber', message: expect.stringContaining('15-digit') },
    ]);
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOMAIN_ENUMS } from './enums';
import { checkStatusChangeDate, checkStatusTransition } from './household-status';
import { checkStageFitsSchool } from './school-stages';

describe('household status lifecycle', () => {
  it.each([
    ['IDENTIFIED', 'EXITED'],
    ['EXITED', 'RELAPSED'],
    ['RELAPSED', 'EXITED'],
    ['IDENTIFIED', 'REMOVED'],
    ['EXITED', 'REMOVED'],
  ] as const)('allows %s → %s', (from, to) => {
    expect(checkStatusTransition(from, to)).toBeNull();
  });

  it.each([
    ['IDENTIFIED', 'RELAPSED'],
    ['IDENTIFIED', 'IDENTIFIED'],
    ['EXITED', 'IDENTIFIED'],
    ['REMOVED', 'IDENTIFIED'],
    ['REMOVED', 'EXITED'],
  ] as const)('refuses %s → %s', (from, to) => {
    expect(checkStatusTransition(from, to)).toMatch(/cannot/);
  });

  it('refuses backdated and future changes', () => {
    expect(checkStatusChangeDate('2020-06-01', '2020-05-31', '2026-01-01')).toMatch(/before the last change/);
    expect(checkStatusChangeDate('2020-06-01', '2027-01-01', '2026-01-01')).toMatch(/future/);
    expect(checkStatusChangeDate('2020-06-01', '2020-06-01', '2026-01-01')).toBeNull();
  });
});

describe('stages fit school types', () => {
  it('refuses a senior stage at a primary school and out-of-range grades', () => {
    expect(checkStageFitsSchool('PRIMARY', 'SENIOR', 1)).toEqual({ field: 'stage', message: expect.any(String) });
    expect(checkStageFitsSchool('PRIMARY', 'PRIMARY', 7)).toEqual({ field: 'grade', message: expect.any(String) });
    expect(checkStageFitsSchool('PRIMARY', 'PRIMARY', 0)?.field).toBe('grade');
    expect(checkStageFitsSchool('NINE_YEAR', 'JUNIOR', 3)).toBeNull();
    expect(checkStageFitsSchool('COMPLETE_SECONDARY', 'SENIOR', 2)).toBeNull();
  });
});

describe('enums', () => {
  it('match every enum of the consumer contract (tools/contract/documents/enums.md)', () => {
    const contractDir = process.env.CONTRACT_DIR ?? join(__dirname, '../../../tools/contract/documents');
    const text = readFileSync(join(contractDir, 'enums.md'), 'utf8');
    const fromContract: Record<string, string[]> = {};
    for (const match of text.matchAll(/^- (\w+): (.+)$/gm)) {
      fromContract[match[1]!] = match[2]!.split(',').map((value) => value.trim());
    }
    expect(Object.keys(fromContract).length).toBeGreaterThan(20);
    expect(Object.fromEntries(Object.entries(DOMAIN_ENUMS).map(([name, values]) => [name, [...values]]))).toEqual(
      fromContract,
    );
  });
});

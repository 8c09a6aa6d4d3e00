import { isPovertyVillage } from './poverty-village';
import { parseRegionFile } from './region-file';

describe('poor-village identification (一高一低一无)', () => {
  const poor = { incidencePercent: 27.5, incomePerCapitaFen: 481_899, hasCollectiveIncome: false };
  it('needs all three facts', () => {
    expect(isPovertyVillage(poor)).toBe(true);
    expect(isPovertyVillage({ ...poor, incidencePercent: 27 })).toBe(false);
    expect(isPovertyVillage({ ...poor, incomePerCapitaFen: 481_900 })).toBe(false);
    expect(isPovertyVillage({ ...poor, hasCollectiveIncome: true })).toBe(false);
  });
});

describe('region code files', () => {
  it('reads code,name lines, derives levels and reports bad lines', () => {
    const text = ['code,name', '\uFEFF420000,湖北省', '420100\t武汉市', '# comment', '', '420102,江岸区', '42010,坏', '420103,', '420100,重复'].join('\n');
    expect(parseRegionFile(text)).toEqual({
      regions: [
        { code: '420000', name: '湖北省', level: 'PROVINCE' },
        { code: '420100', name: '武汉市', level: 'CITY' },
        { code: '420102', name: '江岸区', level: 'COUNTY' },
      ],
      errors: [
        { line: 7, message: 'not a region code: 42010' },
        { line: 8, message: 'region 420103 has no name' },
        { line: 9, message: 'region 420100 is listed twice' },
      ],
    });
  });
});

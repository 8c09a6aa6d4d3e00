import { parse } from 'csv-parse/sync';
import { makeIdNumber, maskIdNumber } from '@epg/domain';
import type { NoticeEntity } from './notice.entity';
import { noticeCsv, noticeRows, yuanText } from './notice-export';

const full = makeIdNumber('360323', '2012-05-01', 17);
const notice = {
  id: 'n1',
  schoolId: '00000000-0000-4000-8000-000000000001',
  academicYear: 2023,
  publishedOn: '2026-12-07',
  periodStart: '2026-12-07',
  periodEnd: '2026-12-11',
  // A line stored with a full number (it must never happen, but an export must not trust it).
  lines: [
    { personName: '张三', idNumberMasked: full, ruleCode: 'A-BRD-JUN', amountFen: 125000 },
    { personName: '李四, "小"', idNumberMasked: maskIdNumber(full), ruleCode: 'A-KIND-UNIFORM', amountFen: null },
  ],
} as unknown as NoticeEntity;

describe('notice export', () => {
  it('writes fen as yuan with two decimals by integer arithmetic', () => {
    expect(yuanText(125000)).toBe('1250.00');
    expect(yuanText(5)).toBe('0.05');
    expect(yuanText(null)).toBe('');
  });

  it('masks every ID number again, whatever the stored line holds', () => {
    expect(noticeRows(notice).map((r) => r[2])).toEqual([maskIdNumber(full), maskIdNumber(full)]);
  });

  it('writes a CSV that parses back to the same rows, quoting names with commas', () => {
    const csv = noticeCsv(notice);
    expect(csv.content).not.toContain(full);
    expect(parse(csv.content)).toEqual([['序号', '姓名', '身份证号（脱敏）', '资助项目', '金额（元）'], ...noticeRows(notice)]);
  });
});

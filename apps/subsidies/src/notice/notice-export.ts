import { stringify } from 'csv-stringify/sync';
import { Workbook } from 'exceljs';
import { maskIdNumber } from '@epg/domain';
import type { NoticeEntity } from './notice.entity';

export type NoticeExportFormat = 'CSV' | 'XLSX';

export interface NoticeExport {
  fileName: string;
  format: NoticeExportFormat;
  mediaType: string;
  /** UTF8: `content` is the text itself (CSV); BASE64: the file's bytes (XLSX). */
  encoding: 'UTF8' | 'BASE64';
  content: string;
}

/** The posted columns (公示表): the notice shows masked ID numbers only. */
const HEADER = ['序号', '姓名', '身份证号（脱敏）', '资助项目', '金额（元）'];

/** Fen as yuan text with two decimals, by integer arithmetic (no float). */
export function yuanText(fen: number | null): string {
  if (fen === null) return '';
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/**
 * The rows of a notice as posted. Every ID number goes through `maskIdNumber` again here, whatever
 * the stored line holds: an export must never carry a full number, even from a line written before
 * the mask changed.
 */
export function noticeRows(notice: Pick<NoticeEntity, 'lines'>): string[][] {
  return notice.lines.map((line, i) => [String(i + 1), line.personName, maskIdNumber(line.idNumberMasked), line.ruleCode, yuanText(line.amountFen)]);
}

function fileStem(notice: Pick<NoticeEntity, 'schoolId' | 'academicYear' | 'publishedOn'>): string {
  return `subsidy-notice-${notice.schoolId}-${notice.academicYear}-${notice.publishedOn}`;
}

/** The notice as a CSV text (UTF-8, header row first). */
export function noticeCsv(notice: NoticeEntity): NoticeExport {
  return {
    fileName: `${fileStem(notice)}.csv`,
    format: 'CSV',
    mediaType: 'text/csv; charset=utf-8',
    encoding: 'UTF8',
    content: stringify([HEADER, ...noticeRows(notice)]),
  };
}

/** The notice as an XLSX workbook (one sheet 公示, header row first, then the period), base64. */
export async function noticeXlsx(notice: NoticeEntity): Promise<NoticeExport> {
  const workbook = new Workbook();
  const sheet = workbook.addWorksheet('公示');
  sheet.addRow(HEADER);
  for (const row of noticeRows(notice)) sheet.addRow(row);
  sheet.addRow([]);
  sheet.addRow(['公示期', `${notice.periodStart} 至 ${notice.periodEnd}`]);
  const bytes = await workbook.xlsx.writeBuffer();
  return {
    fileName: `${fileStem(notice)}.xlsx`,
    format: 'XLSX',
    mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    encoding: 'BASE64',
    content: Buffer.from(bytes).toString('base64'),
  };
}

export function exportNotice(notice: NoticeEntity, format: NoticeExportFormat): Promise<NoticeExport> {
  return format === 'CSV' ? Promise.resolve(noticeCsv(notice)) : noticeXlsx(notice);
}

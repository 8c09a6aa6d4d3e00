import { parse } from 'csv-parse/sync';
import { dateBetween, EARLIEST_LEDGER_DATE, isValidIsoDate } from '@epg/domain';

/**
 * A bank's payment file (银行代发回单) for reconciliation: one row per transfer, with the payer's
 * reference (the payment's idempotency key), the amount and the date. Amounts are read exactly:
 * in fen (an integer), or in yuan with at most two decimals turned into fen by digits, never
 * through a float. A malformed file is refused whole, naming the row and column at fault.
 */

/** One transfer of the bank file. `row` is the line in the file (the header is row 1). */
export interface BankRow {
  row: number;
  reference: string;
  amountFen: number;
  date: string;
}

/** A fault in the file: the row (1 = header) and column it is in. */
export interface BankFileIssue {
  row: number;
  column: string;
  message: string;
}

export type BankFile = { ok: true; rows: BankRow[] } | { ok: false; issue: BankFileIssue };

/** Headers the bank files use for each column (English or Chinese), lower-cased. */
const HEADERS = {
  reference: ['reference', 'ref', '流水号', '业务参考号'],
  amountFen: ['amountfen', 'amount_fen', '金额(分)', '金额（分）'],
  amountYuan: ['amountyuan', 'amount_yuan', 'amount', '金额(元)', '金额（元）', '金额'],
  date: ['date', 'paidon', 'paid_on', '日期', '交易日期'],
} as const;

/** Rows a file may hold (a county's year of transfers fits many times over). */
export const MAX_BANK_ROWS = 50_000;

const FEN = /^\d{1,16}$/;
const YUAN = /^(\d{1,14})(?:\.(\d{1,2}))?$/;

/** Yuan written with at most two decimals, as whole fen — by digits, never through a float. */
export function yuanToFen(text: string): number | null {
  const match = YUAN.exec(text);
  if (!match) return null;
  const fen = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(fen) ? fen : null;
}

/** Whole fen written as an integer. */
export function fenText(text: string): number | null {
  if (!FEN.test(text)) return null;
  const fen = Number(text);
  return Number.isSafeInteger(fen) ? fen : null;
}

function columnOf(header: readonly string[], names: readonly string[]): number {
  return header.findIndex((h) => names.includes(h.trim().toLowerCase()));
}

/** Parses a bank file (CSV with a header row) into its transfers, or the first fault. */
export function parseBankFile(csv: string, today?: string): BankFile {
  let records: string[][];
  try {
    records = parse(csv.replace(/^\uFEFF/, ''), { relax_column_count: true, skip_empty_lines: true, trim: true });
  } catch (err) {
    const line = (err as { lines?: number }).lines ?? 1;
    return { ok: false, issue: { row: line, column: '(file)', message: `not a readable CSV: ${(err as Error).message}` } };
  }
  const [header, ...body] = records;
  if (!header) return { ok: false, issue: { row: 1, column: '(header)', message: 'the file is empty: a header row (reference, amount_fen or amount_yuan, date) is required' } };
  const at = {
    reference: columnOf(header, HEADERS.reference),
    amountFen: columnOf(header, HEADERS.amountFen),
    amountYuan: columnOf(header, HEADERS.amountYuan),
    date: columnOf(header, HEADERS.date),
  };
  if (at.reference < 0) return { ok: false, issue: { row: 1, column: 'reference', message: 'no reference column in the header' } };
  if (at.date < 0) return { ok: false, issue: { row: 1, column: 'date', message: 'no date column in the header' } };
  if (at.amountFen < 0 && at.amountYuan < 0) return { ok: false, issue: { row: 1, column: 'amount', message: 'no amount column (amount_fen or amount_yuan) in the header' } };
  if (body.length > MAX_BANK_ROWS) return { ok: false, issue: { row: MAX_BANK_ROWS + 2, column: '(file)', message: `at most ${MAX_BANK_ROWS} rows per file` } };
  const rows: BankRow[] = [];
  const seen = new Map<string, number>();
  for (const [i, record] of body.entries()) {
    const row = i + 2;
    const fail = (column: string, message: string): BankFile => ({ ok: false, issue: { row, column, message } });
    const reference = record[at.reference] ?? '';
    if (!reference) return fail('reference', 'empty');
    if (reference.length > 200) return fail('reference', 'longer than 200 characters');
    const first = seen.get(reference);
    if (first !== undefined) return fail('reference', `${reference} appears twice (also row ${first})`);
    seen.set(reference, row);
    const amountColumn = at.amountFen >= 0 ? 'amount_fen' : 'amount_yuan';
    const amountText = record[at.amountFen >= 0 ? at.amountFen : at.amountYuan] ?? '';
    const amountFen = at.amountFen >= 0 ? fenText(amountText) : yuanToFen(amountText);
    if (amountFen === null) {
      return fail(amountColumn, at.amountFen >= 0 ? `${amountText || '(empty)'} is not a whole number of fen` : `${amountText || '(empty)'} is not yuan with at most two decimals`);
    }
    if (amountFen === 0) return fail(amountColumn, 'a transfer is more than 0');
    const date = record[at.date] ?? '';
    if (!isValidIsoDate(date)) return fail('date', `${date || '(empty)'} is not a date written YYYY-MM-DD`);
    const implausible = dateBetween(date, { from: EARLIEST_LEDGER_DATE }, today);
    if (implausible) return fail('date', implausible);
    rows.push({ row, reference, amountFen, date });
  }
  return { ok: true, rows };
}

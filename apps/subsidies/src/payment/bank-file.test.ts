import { parseBankFile, yuanToFen } from './bank-file';

const TODAY = '2026-12-06';

describe('bank file (银行代发回单)', () => {
  it('reads fen, or yuan with two decimals as exact fen', () => {
    expect(parseBankFile('reference,amount_fen,date\nB-1,125000,2024-01-10\n', TODAY)).toEqual({ ok: true, rows: [{ row: 2, reference: 'B-1', amountFen: 125_000, date: '2024-01-10' }] });
    const yuan = parseBankFile('流水号,金额(元),日期\nB-1,1250.00,2024-01-10\nB-2,0.29,2024-01-11\nB-3,12,2024-01-12\n', TODAY);
    expect(yuan).toEqual({
      ok: true,
      rows: [
        { row: 2, reference: 'B-1', amountFen: 125_000, date: '2024-01-10' },
        { row: 3, reference: 'B-2', amountFen: 29, date: '2024-01-11' },
        { row: 4, reference: 'B-3', amountFen: 1200, date: '2024-01-12' },
      ],
    });
  });

  it('turns yuan into fen by digits: 0.29, 1.10 and 19.99 are exact', () => {
    // As floats, 0.29 * 100 is 28.999999999999996 and 19.99 * 100 is 1998.9999999999998.
    expect([yuanToFen('0.29'), yuanToFen('1.1'), yuanToFen('19.99'), yuanToFen('90071992547409.91')]).toEqual([29, 110, 1999, 9_007_199_254_740_991]);
    expect([yuanToFen('1.234'), yuanToFen('-1'), yuanToFen('1e3'), yuanToFen('')]).toEqual([null, null, null, null]);
  });

  it('names the row and column of a bad amount, date or reference', () => {
    expect(parseBankFile('reference,amount_fen,date\nB-1,12.5,2024-01-10\n', TODAY)).toEqual({ ok: false, issue: { row: 2, column: 'amount_fen', message: expect.stringMatching(/whole number of fen/) } });
    expect(parseBankFile('reference,amount_yuan,date\nB-1,10,2024-01-10\nB-2,1.234,2024-01-10\n', TODAY)).toMatchObject({ ok: false, issue: { row: 3, column: 'amount_yuan' } });
    expect(parseBankFile('reference,amount_fen,date\nB-1,100,2024-02-30\n', TODAY)).toMatchObject({ ok: false, issue: { row: 2, column: 'date' } });
    expect(parseBankFile('reference,amount_fen,date\nB-1,100,2027-01-01\n', TODAY)).toMatchObject({ ok: false, issue: { row: 2, column: 'date', message: expect.stringMatching(/future/) } });
    expect(parseBankFile('reference,amount_fen,date\n,100,2024-01-01\n', TODAY)).toMatchObject({ ok: false, issue: { row: 2, column: 'reference' } });
    expect(parseBankFile('reference,amount_fen,date\nB-1,100,2024-01-01\nB-1,100,2024-01-02\n', TODAY)).toMatchObject({ ok: false, issue: { row: 3, column: 'reference', message: expect.stringMatching(/twice/) } });
    expect(parseBankFile('reference,amount_fen,date\nB-1,0,2024-01-01\n', TODAY)).toMatchObject({ ok: false, issue: { row: 2, column: 'amount_fen' } });
  });

  it('refuses a file without the needed columns, or not CSV at all', () => {
    expect(parseBankFile('', TODAY)).toMatchObject({ ok: false, issue: { row: 1, column: '(header)' } });
    expect(parseBankFile('ref,date\nB-1,2024-01-01\n', TODAY)).toMatchObject({ ok: false, issue: { row: 1, column: 'amount' } });
    expect(parseBankFile('amount_fen,date\n1,2024-01-01\n', TODAY)).toMatchObject({ ok: false, issue: { row: 1, column: 'reference' } });
    expect(parseBankFile('reference,amount_fen,date\n"B-1,100,2024-01-01\n', TODAY)).toMatchObject({ ok: false, issue: { column: '(file)' } });
  });
});

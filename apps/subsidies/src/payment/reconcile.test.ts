import { reconcile, type LedgerPayment } from './reconcile';

const payment = (id: string, reference: string, amountFen: number, paidOn: string, reversed = false): LedgerPayment => ({ id, reference, amountFen, paidOn, reversed });
const row = (n: number, reference: string, amountFen: number, date: string) => ({ row: n, reference, amountFen, date });

describe('bank reconciliation (对账)', () => {
  const payments = [
    payment('p1', 'B-1', 125_000, '2024-01-10'),
    payment('p2', 'B-2', 50_000, '2024-01-11'),
    payment('p3', 'B-3', 10_000, '2024-01-12', true),
    payment('p4', 'B-4', 20_000, '2024-01-12'),
    payment('p5', 'B-5', 30_000, '2025-06-01'),
  ];

  it('sorts rows into matched, mismatched amount and unmatched, with the payment named', () => {
    const result = reconcile([row(2, 'B-1', 125_000, '2024-01-10'), row(3, 'B-2', 5_000, '2024-01-11'), row(4, 'B-9', 100, '2024-01-12'), row(5, 'B-3', 10_000, '2024-01-12')], payments);
    expect(result.matched.map((r) => [r.row, r.payment?.id])).toEqual([[2, 'p1']]);
    expect(result.mismatched).toEqual([{ ...row(3, 'B-2', 5_000, '2024-01-11'), payment: payments[1], reason: 'the bank paid 5000 fen, the ledger records 50000 fen' }]);
    expect(result.unmatched.map((r) => [r.row, r.payment?.id ?? null, r.reason])).toEqual([
      [4, null, 'no payment of the region has this reference'],
      [5, 'p3', 'the payment of this reference was reversed (冲正)'],
    ]);
  });

  it('lists standing payments within the file’s dates that no row names', () => {
    const result = reconcile([row(2, 'B-1', 125_000, '2024-01-10'), row(3, 'B-2', 50_000, '2024-01-12')], payments);
    expect([result.from, result.to]).toEqual(['2024-01-10', '2024-01-12']);
    // p4 is in the dates and missing from the bank; p3 was reversed; p5 lies after the file.
    expect(result.withoutBankRow.map((p) => p.id)).toEqual(['p4']);
  });

  it('reports nothing missing for an empty file', () => {
    expect(reconcile([], payments)).toEqual({ from: null, to: null, matched: [], mismatched: [], unmatched: [], withoutBankRow: [] });
  });
});

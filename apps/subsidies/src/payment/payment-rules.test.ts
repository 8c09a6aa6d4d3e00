import { afterReversal, reversalRefusal } from './payment-rules';

describe('payment reversal rules (冲正)', () => {
  it('reverses a standing payment once', () => {
    expect(reversalRefusal({ id: 'p1', reversedAt: null, reversalReason: null })).toBeNull();
    expect(reversalRefusal({ id: 'p1', reversedAt: new Date(), reversalReason: '银行退回' })).toMatch(/already reversed \(银行退回\)/);
  });

  it('makes a fully paid line payable again, with the paid amount dropped by the payment', () => {
    expect(afterReversal({ status: 'PAID', paidFen: 125_000 }, 50_000)).toEqual({ status: 'PUBLICISED', paidFen: 75_000 });
  });

  it('keeps a stopped line stopped, and a line still being paid as it is', () => {
    expect(afterReversal({ status: 'CANCELLED', paidFen: 50_000 }, 50_000)).toEqual({ status: 'CANCELLED', paidFen: 0 });
    expect(afterReversal({ status: 'PUBLICISED', paidFen: 50_000 }, 20_000)).toEqual({ status: 'PUBLICISED', paidFen: 30_000 });
  });

  it('never takes more than was paid', () => {
    expect(() => afterReversal({ status: 'PAID', paidFen: 100 }, 101)).toThrow(/exceeds/);
  });
});

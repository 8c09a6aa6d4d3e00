import { paymentRefusal } from './payment-rules';

const line = { id: 'e1', ruleCode: 'A-BRD-JUN', academicYear: 2023, status: 'PUBLICISED' as const, paidFen: 50_000, cancelReason: null };

describe('paymentRefusal', () => {
  it('pays a publicised line', () => {
    expect(paymentRefusal(line)).toBeNull();
  });

  it('refuses a stopped line, naming the rule, the reason and the amount to recover', () => {
    const refusal = paymentRefusal({ ...line, status: 'CANCELLED', cancelReason: 'stopped at recomputation: household REMOVED (清退)' });
    expect(refusal).toContain('A-BRD-JUN, 2023');
    expect(refusal).toContain('was stopped (stopped at recomputation: household REMOVED (清退))');
    expect(refusal).toContain('the 50000 fen paid is on the recovery list');
  });

  it('refuses an unpaid cancelled line without a recovery', () => {
    expect(paymentRefusal({ ...line, status: 'CANCELLED', paidFen: 0, cancelReason: 'no longer due at recomputation' })).not.toContain('recovery');
  });

  it('refuses a line not yet publicised', () => {
    expect(paymentRefusal({ ...line, status: 'APPROVED', paidFen: 0 })).toBe('entitlement e1 (A-BRD-JUN, 2023) is APPROVED: only publicised entitlements are paid');
  });
});

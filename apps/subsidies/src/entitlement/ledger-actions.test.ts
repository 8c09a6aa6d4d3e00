import { cancelRefusal, deliveryRefusal, handCancelReason } from './ledger-actions';

const line = (over: Partial<Parameters<typeof deliveryRefusal>[0]> = {}) => ({
  id: 'e1', ruleCode: 'A-KIND-UNIFORM', academicYear: 2023, status: 'PUBLICISED' as const, kind: 'IN_KIND' as const, paidFen: 0, cancelReason: null, deliveredOn: null, ...over,
});

describe('hand cancellation', () => {
  it('cancels a line once', () => {
    expect(cancelRefusal(line({ status: 'PAID' }))).toBeNull();
    expect(cancelRefusal(line({ status: 'CANCELLED', cancelReason: 'cancelled by hand: 重复' }))).toMatch(/already cancelled \(cancelled by hand: 重复\)/);
  });

  it('sends the paid part of a cancelled line to recovery', () => {
    expect(handCancelReason({ paidFen: 0 }, '重复申报')).toBe('cancelled by hand: 重复申报');
    expect(handCancelReason({ paidFen: 50_000 }, '重复申报')).toBe('cancelled by hand: 重复申报; the paid part is to be recovered');
  });
});

describe('delivery of a benefit in kind (实物发放)', () => {
  it('records a publicised in-kind line', () => {
    expect(deliveryRefusal(line())).toBeNull();
  });

  it('refuses a cash line, naming the entitlement field', () => {
    expect(deliveryRefusal(line({ kind: 'CASH', ruleCode: 'A-BRD-JUN' }))).toEqual({ field: 'entitlementId', message: expect.stringMatching(/CASH line: record a payment/) });
  });

  it('refuses a line delivered, cancelled or not yet publicised', () => {
    expect(deliveryRefusal(line({ status: 'PAID', deliveredOn: '2024-03-01' }))?.message).toMatch(/already delivered on 2024-03-01/);
    expect(deliveryRefusal(line({ status: 'CANCELLED' }))?.message).toMatch(/cancelled/);
    expect(deliveryRefusal(line({ status: 'APPROVED' }))?.message).toMatch(/only publicised/);
  });
});

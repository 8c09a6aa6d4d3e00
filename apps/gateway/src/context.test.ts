import { clientRequestIdFrom, newRequestId } from './context';

describe('request ids', () => {
  it('are the gateway’s own: a fresh UUID per request', () => {
    const [a, b] = [newRequestId(), newRequestId()];
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a).not.toBe(b);
  });

  it.each([
    ['trace-me-123', 'trace-me-123'],
    ['order 42 / retry #2', 'order 42 / retry #2'],
    ['x'.repeat(128), 'x'.repeat(128)],
  ])('keep the caller’s x-request-id %j apart (bounded printable ASCII)', (header, kept) => {
    expect(clientRequestIdFrom(header)).toBe(kept);
  });

  it.each([[undefined], [''], ['x'.repeat(129)], ['tab\there'], ['line\nbreak'], ['trace\u00e9'], ['\u0000']])(
    'drop a caller’s x-request-id that is absent, empty, too long or not printable ASCII: %j',
    (header) => {
      expect(clientRequestIdFrom(header)).toBeNull();
    },
  );
});

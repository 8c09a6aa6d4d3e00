import { Writable } from 'node:stream';
import { createLogger } from '@epg/subgraph-kit';
import { redactingLogger } from './log-redaction';

/** The gateway's logger as startGateway builds it, writing to memory. */
function gatewayLogger() {
  const raw: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      raw.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { raw, logger: redactingLogger(createLogger('gateway', 'info', stream)) };
}

describe('gateway log lines', () => {
  it('carry the key service once, always gateway; the subgraph a line is about is peer.service', () => {
    const { raw, logger } = gatewayLogger();
    // What SubgraphDataSource writes when a subgraph cannot be reached.
    logger.warn({ service: 'households', err: 'connect ECONNREFUSED' }, 'subgraph unavailable');
    logger.child({ requestId: 'r-1', subject: 'officer' }).info({ operationName: 'Op' }, 'operation');
    for (const line of raw) expect(line.split('"service":').length - 1).toBe(1);
    const [unavailable, operation] = raw.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(unavailable).toMatchObject({ service: 'gateway', 'peer.service': 'households', msg: 'subgraph unavailable' });
    expect(operation).toMatchObject({ service: 'gateway', requestId: 'r-1', msg: 'operation' });
    expect(operation['peer.service']).toBeUndefined();
  });
});

import { Writable } from 'node:stream';
import { createLogger, runInRequestScope } from './logger';

function capture() {
  const raw: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      raw.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { raw, logger: createLogger('unit', 'info', stream) };
}

describe('request ids in logs', () => {
  it('adds the scope request id to every line written inside the scope, once', async () => {
    const { raw, logger } = capture();
    const child = logger.child({ component: 'formatter' });
    logger.info('outside');
    const scope = { requestId: 'from-header' };
    await runInRequestScope(scope, async () => {
      child.info('before the token');
      scope.requestId = 'req-1';
      await new Promise((r) => setTimeout(r, 1));
      logger.info('after an await');
      logger.child({ requestId: 'req-1', subject: 's' }).info('context logger');
    });
    const lines = raw.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => [l.msg, l.requestId])).toEqual([
      ['outside', undefined],
      ['before the token', 'from-header'],
      ['after an await', 'req-1'],
      ['context logger', 'req-1'],
    ]);
    // The context logger already binds requestId: the key is not written twice.
    expect(raw[3].match(/"requestId"/g)).toHaveLength(1);
  });

  it("writes the caller's own request id apart from ours, when it sent one", () => {
    const { raw, logger } = capture();
    runInRequestScope({ requestId: 'ours-1', clientRequestId: 'theirs-9' }, () => logger.info('with'));
    runInRequestScope({ requestId: 'ours-2', clientRequestId: null }, () => logger.info('without'));
    const lines = raw.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => [l.msg, l.requestId, l.clientRequestId])).toEqual([
      ['with', 'ours-1', 'theirs-9'],
      ['without', 'ours-2', undefined],
    ]);
  });
});

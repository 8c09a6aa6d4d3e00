import { Writable } from 'node:stream';
import { context, ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
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

/** How many times a key occurs in one raw JSON line (JSON.parse keeps only the last). */
const occurrences = (line: string, key: string) => line.split(`"${key}":`).length - 1;

describe('one service key per line', () => {
  it('writes the process service once, and another service named in a line as peer.service', () => {
    const { raw, logger } = capture();
    logger.info('plain');
    logger.warn({ service: 'households', err: 'timeout' }, 'subgraph unavailable');
    logger.child({ requestId: 'r' }).info({ service: 'unit' }, 'same service');
    const lines = raw.map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const line of raw) expect(occurrences(line, 'service')).toBe(1);
    expect(lines.map((l) => [l.service, l['peer.service']])).toEqual([
      ['unit', undefined],
      ['unit', 'households'],
      ['unit', undefined],
    ]);
  });

  it('a child naming a service writes for it (the in-process graph), also its own children', () => {
    const { raw, logger } = capture();
    const households = logger.child({ service: 'households' });
    households.info('own line');
    households.child({ component: 'feed' }).child({ requestId: 'r' }).info('grandchild');
    logger.info('root still');
    for (const line of raw) expect(occurrences(line, 'service')).toBe(1);
    expect(raw.map((l) => (JSON.parse(l) as { service: string }).service)).toEqual(['households', 'households', 'unit']);
  });
});

describe('trace ids in logs', () => {
  const manager = new AsyncLocalStorageContextManager();
  beforeAll(() => context.setGlobalContextManager(manager.enable()));
  afterAll(() => {
    manager.disable();
    context.disable();
  });

  it('adds the active span\'s traceId and spanId to every line written inside it, none outside', async () => {
    const { raw, logger } = capture();
    const spanContext = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: TraceFlags.SAMPLED };
    logger.info('outside');
    await context.with(trace.setSpanContext(ROOT_CONTEXT, spanContext), async () => {
      logger.info('inside');
      await new Promise((r) => setTimeout(r, 1));
      logger.child({ component: 'x' }).warn('after an await, a child');
    });
    const lines = raw.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => [l.msg, l.traceId, l.spanId])).toEqual([
      ['outside', undefined, undefined],
      ['inside', spanContext.traceId, spanContext.spanId],
      ['after an await, a child', spanContext.traceId, spanContext.spanId],
    ]);
  });
});

import { Writable } from 'node:stream';
import pino from 'pino';
import { apolloLogger, redactingLogger, scrubText } from './log-redaction';
import { createLogger } from './logger';

const ID_NUMBER = '36032319900101123X';
const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, stream), output: () => lines.join('') };
}

describe('log redaction', () => {
  it('censors authorization headers, tokens, variables and ID numbers by path', () => {
    const { logger, output } = capture();
    const log = redactingLogger(logger);
    log.info({ headers: { authorization: `Bearer ${JWT}`, 'x-epg-internal-token': 'internal-secret' } }, 'a');
    log.info({ request: { variables: { input: { idNumber: ID_NUMBER } } }, internalToken: 'internal-secret' }, 'b');
    log.child({ requestId: 'r1' }).info({ person: { idNumber: ID_NUMBER }, token: 'plain-secret' }, 'c');
    const text = output();
    expect(text).toContain('[redacted]');
    expect(text).toContain('"requestId":"r1"');
    for (const secret of [JWT, ID_NUMBER, 'internal-secret', 'plain-secret']) expect(text).not.toContain(secret);
  });

  it('masks ID numbers and tokens inside free text and errors', () => {
    const { logger, output } = capture();
    const log = redactingLogger(logger);
    const err = new Error(`duplicate key (id_number)=(${ID_NUMBER}) for Bearer ${JWT}`);
    log.error({ err, detail: `person ${ID_NUMBER.toLowerCase()} rejected`, amounts: [123456] }, 'masked error');
    const text = output();
    expect(text).toContain('3603**********123X');
    expect(text).toContain('duplicate key');
    expect(text).toContain('123456');
    expect(text).not.toContain(ID_NUMBER);
    expect(text).not.toContain(ID_NUMBER.toLowerCase());
    expect(text).not.toContain(JWT);
  });

  it('masks the plain-string messages of Apollo Server and Gateway', () => {
    const { logger, output } = capture();
    const apollo = apolloLogger(redactingLogger(logger));
    apollo.warn(`could not fetch for ${ID_NUMBER} with ${JWT}`);
    apollo.error(new Error(`boom ${ID_NUMBER}`));
    expect(output()).toContain('could not fetch');
    expect(output()).not.toContain(ID_NUMBER);
    expect(output()).not.toContain(JWT);
  });

  it('leaves ordinary numbers alone', () => {
    expect(scrubText('region 360323000000 year 2024 amount 1234567890123456789')).toBe('region 360323000000 year 2024 amount 1234567890123456789');
    expect(scrubText(`id ${ID_NUMBER}.`)).toBe('id 3603**********123X.');
    expect(scrubText(`id ${ID_NUMBER.toLowerCase()}`)).toBe('id 3603**********123X');
  });

  it('drops the bound values and row details of a failed statement (TypeORM QueryFailedError)', () => {
    const { logger, output } = capture();
    const driverError = Object.assign(new Error('new row for relation "person" violates check constraint "c"'), {
      code: '23514',
      constraint: 'c',
      detail: `Failing row contains (x, 张三, ${ID_NUMBER.slice(0, 17)}9).`,
      where: 'SQL statement …',
    });
    const err = Object.assign(new Error(driverError.message), {
      name: 'QueryFailedError',
      query: 'INSERT INTO person (name, id_number) VALUES ($1, $2)',
      parameters: ['张三', '36032319900101999X'],
      driverError,
      detail: driverError.detail,
    });
    redactingLogger(logger).error({ err }, 'unexpected error');
    const text = output();
    expect(text).toContain('INSERT INTO person');
    expect(text).toContain('"constraint":"c"');
    expect(text).toContain('23514');
    for (const leak of ['parameters', 'Failing row', '张三', '36032319900101999X', 'SQL statement']) expect(text).not.toContain(leak);
  });

  it('is built into every logger createLogger makes: objects, messages and format arguments', () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const log = createLogger('unit', 'info', stream).child({ component: 'c' });
    log.info(`message with ${ID_NUMBER}`);
    log.warn('format %s', ID_NUMBER);
    log.error(new Error(`thrown for ${ID_NUMBER}`));
    log.info({ person: { idNumber: ID_NUMBER }, note: `free text ${ID_NUMBER}`, parameters: [ID_NUMBER] }, 'object');
    const text = lines.join('');
    expect(lines).toHaveLength(4);
    expect(text).toContain('3603**********123X');
    expect(text).not.toContain(ID_NUMBER);
    expect(JSON.parse(lines[2]!)).toMatchObject({ err: { type: 'Error' }, msg: 'thrown for 3603**********123X' });
  });
});

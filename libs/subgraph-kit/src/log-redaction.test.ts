import { Writable } from 'node:stream';
import pino from 'pino';
import { apolloLogger, redactingLogger, scrubText } from './log-redaction';

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

describe('gateway log redaction', () => {
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
    expect(text).toContain('[id-number]');
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
    expect(scrubText(`id ${ID_NUMBER}.`)).toBe('id [id-number].');
  });
});

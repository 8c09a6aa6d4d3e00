import { Writable } from 'node:stream';
import { createLogger } from './logger';
import { RedactedQueryLogger } from './query-log';

describe('RedactedQueryLogger', () => {
  it("logs a failed statement's SQL and error, never its bound values", () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const typeorm = new RedactedQueryLogger(createLogger('unit', 'debug', stream));
    const idNumber = '36032319900101123X';
    typeorm.logQuery('INSERT INTO person (name, id_number) VALUES ($1, $2)', ['张三', idNumber]);
    typeorm.logQueryError(new Error('duplicate key value violates unique constraint "person_id_number"'), 'INSERT INTO person (name, id_number) VALUES ($1, $2)', [
      '张三',
      idNumber,
    ]);
    const text = lines.join('');
    expect(lines).toHaveLength(1);
    expect(text).toContain('statement failed');
    expect(text).toContain('person_id_number');
    expect(text).not.toContain(idNumber);
    expect(text).not.toContain('张三');
  });
});

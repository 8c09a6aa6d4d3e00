import { cursorParameters } from './scoped-data';

describe('cursorParameters', () => {
  const UUID = '00000000-0000-4000-8000-000000000000';

  it('passes the values of a cursor the list returned, as text parameters', () => {
    expect(cursorParameters(['王芳', UUID], [undefined, 'uuid'])).toEqual(['王芳', UUID]);
    expect(cursorParameters(['2024-02-29', UUID], ['date', 'uuid'])).toEqual(['2024-02-29', UUID]);
    expect(cursorParameters([1234567], ['bigint'])).toEqual(['1234567']);
  });

  it.each([
    [['a', 'b'], [undefined]],
    [['not-a-uuid'], ['uuid']],
    [['2023-02-30'], ['date']],
    [['2023-2-1'], ['date']],
    [['12a'], ['bigint']],
    [['a\u0000'], ['text']],
  ])('refuses %j for %j as BAD_USER_INPUT naming after', (values, casts) => {
    expect(() => cursorParameters(values, casts)).toThrow(expect.objectContaining({ message: 'after: not a cursor this list returned', extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }));
  });
});

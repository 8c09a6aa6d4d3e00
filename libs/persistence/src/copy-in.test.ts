import { copyField, copyLine } from './copy-in';

describe('COPY text', () => {
  it('writes null, booleans and numbers as COPY reads them', () => {
    expect(copyLine([null, true, false, 42, 'a'])).toBe('\\N\tt\tf\t42\ta\n');
  });

  it('escapes the characters COPY treats as delimiters', () => {
    expect(copyField('a\tb\nc\\d\re')).toBe('a\\tb\\nc\\\\d\\re');
  });

  it('writes string arrays as text[] literals and objects as JSON', () => {
    // The literal's backslashes are themselves escaped for COPY (it reads them back once).
    expect(copyField(['x', 'y "z"'])).toBe('{"x","y \\\\"z\\\\""}');
    expect(copyField({ a: 'b\tc' })).toBe('{"a":"b\\\\tc"}');
  });
});

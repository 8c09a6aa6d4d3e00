import { makeIdNumber, maskIdNumber } from '@epg/domain';
import { scrubAuditImage } from './audit-scrub';

const full = makeIdNumber('360323', '1990-05-17', 123);
const withX = (() => {
  // A number whose check character is X (the sequence that gives one).
  for (let seq = 0; seq < 1000; seq++) {
    const id = makeIdNumber('360323', '1988-02-29', seq);
    if (id.endsWith('X')) return id;
  }
  throw new Error('no X check character in 1000 sequences');
})();

/** No full ID number and no full birth date anywhere in the serialised image. */
function leaks(image: unknown): string[] {
  const text = JSON.stringify(image);
  return [full, withX, '1990-05-17', '1988-02-29', '19900517'].filter((s) => text.includes(s));
}

describe('scrubAuditImage (what an audit image may hold)', () => {
  it('masks an ID number in a field named like idNumber, at any depth and in arrays', () => {
    const image = {
      idNumber: full,
      household: { members: [{ name: '张三', idNumber: withX }, { name: '李四', guardianIdNumber: full.toLowerCase() }] },
      id_number: full,
    };
    const scrubbed = scrubAuditImage(image);
    expect(scrubbed).toEqual({
      idNumber: maskIdNumber(full),
      household: { members: [{ name: '张三', idNumber: maskIdNumber(withX) }, { name: '李四', guardianIdNumber: maskIdNumber(full) }] },
      id_number: maskIdNumber(full),
    });
    expect(leaks(scrubbed)).toEqual([]);
  });

  it('masks an ID number in any string, under any field name, also inside text', () => {
    const scrubbed = scrubAuditImage({ note: `核对 ${full} 的材料`, code: full, list: [withX, 'kept'] });
    expect(scrubbed).toEqual({ note: `核对 ${maskIdNumber(full)} 的材料`, code: maskIdNumber(full), list: [maskIdNumber(withX), 'kept'] });
    expect(leaks(scrubbed)).toEqual([]);
  });

  it('withholds a non-ID value of an idNumber field and keeps an already masked one', () => {
    expect(scrubAuditImage({ idNumber: '36032319900517' })).toEqual({ idNumber: '[withheld]' });
    expect(scrubAuditImage({ idNumberMasked: maskIdNumber(full) })).toEqual({ idNumberMasked: maskIdNumber(full) });
    expect(scrubAuditImage({ idNumber: null })).toEqual({ idNumber: null });
  });

  it('keeps the year only of a birth date (a string or a Date), as birthYear', () => {
    expect(scrubAuditImage({ name: '王老师', birthDate: '1990-05-17' })).toEqual({ name: '王老师', birthYear: 1990 });
    expect(scrubAuditImage({ birthDate: new Date('1988-02-29T00:00:00Z') })).toEqual({ birthYear: 1988 });
    expect(scrubAuditImage({ members: [{ birth_date: '1990-05-17' }, { birthDate: null }] })).toEqual({ members: [{ birthYear: 1990 }, { birthYear: null }] });
    expect(leaks(scrubAuditImage({ teacher: { birthDate: '1990-05-17', idNumber: full } }))).toEqual([]);
  });

  it('leaves everything else as it is (numbers, booleans, dates, shorter digit runs, null)', () => {
    const at = new Date('2026-01-02T03:04:05Z');
    const image = { paidFen: 123456, rural: true, at, registrationNumber: '360323100201001', villageCode: '360323100201', none: null };
    expect(scrubAuditImage(image)).toEqual(image);
    expect(scrubAuditImage(null)).toBeNull();
    expect(scrubAuditImage('19-digit 3603231990051712345 stays')).toBe('19-digit 3603231990051712345 stays');
  });

  it('does not change the image it was given', () => {
    const image = { idNumber: full, birthDate: '1990-05-17' };
    scrubAuditImage(image);
    expect(image).toEqual({ idNumber: full, birthDate: '1990-05-17' });
  });
});

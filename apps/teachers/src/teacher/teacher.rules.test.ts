import { makeIdNumber } from '@epg/domain';
import { parseInput } from '@epg/subgraph-kit';
import { GraphQLError } from 'graphql';
import { addDays, addYears, lastDayOfMonth, previousMonth, rangesOverlap } from './dates';
import { planMove, postingOn, postingProblem, registerTeacherSchema } from './teacher.rules';

const valid = {
  name: ' 李老师 ',
  idNumber: makeIdNumber('360323', '1995-03-08', 21),
  schoolId: '8a0d3c8e-6b1e-4b1e-9d3c-1f2a3b4c5d6e',
  postType: 'SPECIAL_POST',
  rural: true,
  hardshipTier: 2,
  startedOn: '2017-09-01',
};

function issuesOf(value: unknown): string[] {
  try {
    parseInput(registerTeacherSchema, value, 'input');
  } catch (err) {
    return ((err as GraphQLError).extensions.issues as { path: string }[]).map((i) => i.path);
  }
  throw new Error('expected a failure');
}

describe('registerTeacherSchema', () => {
  it('decodes the ID number and trims the name', () => {
    const parsed = parseInput(registerTeacherSchema, valid, 'input');
    expect(parsed.name).toBe('李老师');
    expect(parsed.idNumber).toMatchObject({ birthDate: '1995-03-08', gender: 'MALE' });
  });

  it('reports a wrong check digit, a bad post type and a negative tier by field path', () => {
    const badId = valid.idNumber.slice(0, 17) + (valid.idNumber[17] === '0' ? '1' : '0');
    expect(issuesOf({ ...valid, idNumber: badId, postType: 'INTERN', hardshipTier: -1 }).sort()).toEqual(
      ['input.hardshipTier', 'input.idNumber', 'input.postType'].sort(),
    );
  });

  it('refuses a hardship tier for a town school and a teacher under 18', () => {
    expect(issuesOf({ ...valid, rural: false })).toEqual(['input.hardshipTier']);
    expect(issuesOf({ ...valid, startedOn: '2012-09-01' })).toEqual(['input.startedOn']);
  });
});

describe('postings', () => {
  const postings = [
    { schoolId: 'a', fromDate: '2010-09-01', toDate: '2015-08-31' },
    { schoolId: 'b', fromDate: '2015-09-01', toDate: null },
  ];

  it('finds the posting in effect on a day', () => {
    expect(postingOn(postings, '2015-08-31')?.schoolId).toBe('a');
    expect(postingOn(postings, '2015-09-01')?.schoolId).toBe('b');
    expect(postingOn(postings, '2009-01-01')).toBeNull();
  });

  it('ends the current posting the day before a move', () => {
    expect(planMove(postings[1]!, 'c', '2020-03-01')).toEqual({ ok: true, closeOn: '2020-02-29' });
    expect(planMove(postings[1]!, 'b', '2020-03-01')).toMatchObject({ ok: false });
    expect(planMove(postings[1]!, 'c', '2015-09-01')).toMatchObject({ ok: false });
    expect(planMove(postings[0]!, 'c', '2020-03-01')).toMatchObject({ ok: false });
  });

  it('grades only rural schools', () => {
    expect(postingProblem(false, 0)).toBeNull();
    expect(postingProblem(true, 3)).toBeNull();
    expect(postingProblem(false, 1)).toMatch(/tier 0/);
  });
});

describe('dates', () => {
  it('does calendar arithmetic in UTC', () => {
    expect(addDays('2020-03-01', -1)).toBe('2020-02-29');
    expect(addYears('2019-09-01', 1)).toBe('2020-09-01');
    expect(lastDayOfMonth('2021-02')).toBe('2021-02-28');
    expect(lastDayOfMonth('2020-12')).toBe('2020-12-31');
    expect(previousMonth('2020-01')).toBe('2019-12');
    expect(previousMonth('2020-10')).toBe('2020-09');
  });

  it('tells overlapping inclusive ranges', () => {
    expect(rangesOverlap('2020-01-01', '2020-06-30', '2020-06-30', null)).toBe(true);
    expect(rangesOverlap('2020-01-01', '2020-06-30', '2020-07-01', null)).toBe(false);
    expect(rangesOverlap('2020-01-01', null, '2019-01-01', '2019-12-31')).toBe(false);
    expect(rangesOverlap('2020-01-01', null, '2019-01-01', null)).toBe(true);
  });
});

describe('a plausible first day of service', () => {
  it('refuses a start in 2099 or before 1966, naming the field', () => {
    for (const startedOn of ['2099-09-01', '1950-09-01']) {
      const r = registerTeacherSchema.safeParse({ ...valid, startedOn });
      expect(r.success).toBe(false);
      expect(r.error?.issues[0]?.path).toEqual(['startedOn']);
    }
  });
});

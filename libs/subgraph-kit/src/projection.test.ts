import { latestPerKey } from './projection';

describe('projection pages', () => {
  it('keep the last change of each key, in feed order', () => {
    const page = [
      { id: 'a', v: 1 },
      { id: 'b', v: 2 },
      { id: 'a', v: 3 },
    ];
    expect(latestPerKey(page, (n) => n.id)).toEqual([
      { id: 'b', v: 2 },
      { id: 'a', v: 3 },
    ]);
  });
});

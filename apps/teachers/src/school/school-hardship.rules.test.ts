import { hardshipConflict } from './school-hardship.rules';

describe('the hardship tier is the school’s', () => {
  const recorded = { rural: true, hardshipTier: 3 };
  it('accepts the school’s values, or none', () => {
    expect(hardshipConflict(recorded, { rural: true, hardshipTier: 3 })).toBeNull();
    expect(hardshipConflict(recorded, {})).toBeNull();
  });
  it('refuses another tier or rural flag, naming the school’s', () => {
    expect(hardshipConflict(recorded, { hardshipTier: 1 })).toMatch(/rural, tier 3/);
    expect(hardshipConflict(recorded, { rural: false, hardshipTier: 0 })).toMatch(/tier 3/);
  });
});

/** A school's rural flag and hardship tier. */
export interface Hardship {
  rural: boolean;
  hardshipTier: number;
}

/**
 * Why values given for a posting disagree with the school's record, or null: the tier is the
 * school's, so a teacher cannot be posted at it with another (values not given take the school's).
 */
export function hardshipConflict(recorded: Hardship, given: Partial<Hardship>): string | null {
  const tierDiffers = given.hardshipTier != null && given.hardshipTier !== recorded.hardshipTier;
  const ruralDiffers = given.rural != null && given.rural !== recorded.rural;
  if (!tierDiffers && !ruralDiffers) return null;
  return `the hardship tier is the school's: it is recorded as ${recorded.rural ? 'rural' : 'town'}, tier ${recorded.hardshipTier}`;
}

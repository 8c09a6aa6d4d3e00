import { Initial1732300000000 } from './1732300000000-initial';

/** Every migration of the households schema, in order. */
export const migrations = [Initial1732300000000];

import { Initial1764000000000 } from './1764000000000-initial';

/** Every migration of the households schema, in order. */
export const migrations = [Initial1764000000000];

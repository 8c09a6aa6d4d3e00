import { Initial1764000000000 } from './1764000000000-initial';
import { SubsidyLedger1764200000000 } from './1764200000000-subsidy-ledger';

/** Every migration of the subsidies schema, in order. */
export const migrations = [Initial1764000000000, SubsidyLedger1764200000000];

import { Initial1764000000000 } from './1764000000000-initial';
import { EnrolmentFeed1764100000000 } from './1764100000000-enrolment-feed';

/** Every migration of the schools schema, in order. */
export const migrations = [Initial1764000000000, EnrolmentFeed1764100000000];

/** A household as the vocational service knows it: a reference by id (owned by households). */
export interface HouseholdRef {
  id: string;
}

/** A school as the teachers service knows it: a reference by id. */
export interface SchoolRef {
  id: string;
}

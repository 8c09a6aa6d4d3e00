/** A person as the vocational service knows them: a reference by id (owned by households). */
export interface PersonRef {
  id: string;
}

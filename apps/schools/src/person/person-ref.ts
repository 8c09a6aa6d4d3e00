/** A person as the schools service knows them: a reference by id (owned by households). */
export interface PersonRef {
  id: string;
}

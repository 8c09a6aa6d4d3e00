/** A region as the schools service knows it: a reference by code (owned by households). */
export interface RegionRef {
  code: string;
}

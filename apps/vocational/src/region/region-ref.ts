/** A region as the vocational service knows it: a reference by code (owned by households). */
export interface RegionRef {
  code: string;
}

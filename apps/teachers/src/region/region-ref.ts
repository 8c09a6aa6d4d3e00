export interface RegionRef {
  code: string;
}

export * from './random';
export * from './stable-id';
export * from './regions';
export * from './households';
export * from './schools';
export * from './teachers-demo';
export * from './schools-demo';
export * from './vocational-demo';

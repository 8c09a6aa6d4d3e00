export * from './ports';
export * from './postgres';
export * from './graph';
export * from './harness';

export * from './principal';
export * from './config';
export * from './tokens';
export * from './guards';

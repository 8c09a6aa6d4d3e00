export * from './principal';
export * from './config';
export * from './tokens';
export * from './guards';
export * from './oidc';

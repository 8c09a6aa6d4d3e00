export * from './config';
export * from './embedded';
export * from './data-source';
export * from './sql-counter';
export * from './audit';
export * from './scoped-find';
export * from './bulk';

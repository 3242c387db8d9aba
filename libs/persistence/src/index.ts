export * from './paths';
export * from './database-connection';
export * from './persistence.module';
export * from './embedded/embedded-postgres';
export * from './migrations/migrator';

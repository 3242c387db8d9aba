export * from './paths';
export * from './persistence.config';
export * from './database-connection';
export * from './persistence.module';
export * from './prisma-database';
export * from './embedded/embedded-postgres';
export * from './migrations/migrator';
export * from './migrations/migrations-in-sync';

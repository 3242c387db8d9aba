import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { loadConfig } from '@bazaar/platform';
import { DEFAULT_EMBEDDED_PORT } from './embedded/embedded-postgres';

/** The database settings every service with a database reads, whatever its own config class. */
export class PersistenceConfig {
  /** Connections per service process (its Prisma client and its raw SQL share the pool). */
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_MAX: number = 10;

  /** Port of the embedded PostgreSQL (the profile that needs nothing installed). */
  @IsInt()
  @Min(1)
  @Max(65_535)
  BAZAAR_PG_PORT: number = DEFAULT_EMBEDDED_PORT;

  /** Where the embedded profile keeps its data; `.bazaar/` in the working directory when unset. */
  @IsOptional()
  @IsString()
  BAZAAR_HOME?: string = undefined;
}

/** Reads and validates the persistence settings; a bad value stops start-up naming the variable. */
export function loadPersistenceConfig(env: NodeJS.ProcessEnv = process.env): PersistenceConfig {
  return loadConfig(PersistenceConfig, env);
}

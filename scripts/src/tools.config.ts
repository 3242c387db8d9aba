import { IsIn, IsInt, IsOptional, IsString, Min } from 'class-validator';
// Not the package index, which loads Nest: see databases.ts.
import { loadConfig } from '../../libs/platform/src/config/load-config';

export const LOG_FORMATS = ['pretty', 'json'] as const;

/** The settings of the launcher and the db/keys tools; a bad value stops the tool naming the variable. */
export class ToolsConfig {
  /** How the launcher shows the services' JSON log lines on its terminal: `pretty` lines, or the raw `json`. */
  @IsIn(LOG_FORMATS)
  BAZAAR_LOG_FORMAT: (typeof LOG_FORMATS)[number] = 'pretty';

  /**
   * The launcher's start-up target: slower than this, it prints where the time went (each phase's duration).
   * 0 always prints them.
   */
  @IsInt()
  @Min(0)
  BAZAAR_STARTUP_TARGET_MS: number = 5_000;

  /** Any value turns colours off (https://no-color.org). */
  @IsOptional()
  @IsString()
  NO_COLOR?: string = undefined;

  /** The signing-key folder `keys rotate` and `keys list` work on; `<BAZAAR_HOME>/keys` when unset. */
  @IsOptional()
  @IsString()
  JWT_KEYS_DIR?: string = undefined;
}

export function loadToolsConfig(env: NodeJS.ProcessEnv = process.env): ToolsConfig {
  return loadConfig(ToolsConfig, env);
}

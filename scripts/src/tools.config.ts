import { IsIn, IsOptional, IsString } from 'class-validator';
import { loadConfig } from '@bazaar/platform';

export const LOG_FORMATS = ['pretty', 'json'] as const;

/** The settings of the launcher and the db/keys tools; a bad value stops the tool naming the variable. */
export class ToolsConfig {
  /** How the launcher shows the services' JSON log lines on its terminal: `pretty` lines, or the raw `json`. */
  @IsIn(LOG_FORMATS)
  BAZAAR_LOG_FORMAT: (typeof LOG_FORMATS)[number] = 'pretty';

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

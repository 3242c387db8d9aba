import { IsBoolean, IsEmail, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { BooleanFromEnv, PlatformConfig } from '@bazaar/platform';

export class IdentityConfig extends PlatformConfig {
  /** Folder of the RS256 signing keys (`<kid>.pem`); defaults to `<BAZAAR_HOME>/keys`. */
  @IsOptional()
  @IsString()
  JWT_KEYS_DIR?: string = undefined;

  /** The signing key as PEM text (`\n` escapes allowed), for secrets managers; the folder's keys stay published. */
  @IsOptional()
  @IsString()
  JWT_PRIVATE_KEY_PEM?: string = undefined;

  /** Create a signing key when the folder has none. Defaults to on when the service runs embedded. */
  @IsOptional()
  @BooleanFromEnv()
  @IsBoolean()
  JWT_GENERATE_KEYS?: boolean = undefined;

  /** How often the keys folder is re-read, so a rotated key is picked up without a restart. */
  @IsInt()
  @Min(1_000)
  @Max(3_600_000)
  JWT_KEYS_RELOAD_MS: number = 30_000;

  @IsInt()
  @Min(60)
  @Max(3_600)
  ACCESS_TOKEN_TTL_S: number = 900;

  @IsInt()
  @Min(300)
  @Max(7_776_000)
  REFRESH_TOKEN_TTL_S: number = 2_592_000;

  @IsInt()
  @Min(30)
  @Max(3_600)
  SERVICE_TOKEN_TTL_S: number = 300;

  /** The first administrator; created (or promoted) at start-up when both are set. */
  @IsOptional()
  @IsEmail()
  BAZAAR_ADMIN_EMAIL?: string = undefined;

  @IsOptional()
  @IsString()
  BAZAAR_ADMIN_PASSWORD?: string = undefined;

  /** Without BAZAAR_ADMIN_*, create `admin@bazaar.local` with a random password printed once. Defaults to on when embedded. */
  @IsOptional()
  @BooleanFromEnv()
  @IsBoolean()
  BAZAAR_ADMIN_GENERATE?: boolean = undefined;

  /** Service clients allowed to get service tokens: `id:sha256(secret) hex`, comma-separated. */
  @IsOptional()
  // Linear despite the nested quantifier: every repetition starts with the literal ','.
  // eslint-disable-next-line security/detect-unsafe-regex
  @Matches(/^[a-z][a-z0-9-]{1,62}:[0-9a-f]{64}(,[a-z][a-z0-9-]{1,62}:[0-9a-f]{64})*$/, {
    message: 'SERVICE_CLIENTS must be "<client id>:<sha256 hex of its secret>", comma-separated',
  })
  SERVICE_CLIENTS?: string = undefined;
}

import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { LiveReload } from '@bazaar/discovery';
import { PlatformConfig } from '@bazaar/platform';

/**
 * The gateway's variables, on top of the platform's. Live from Consul KV (`@LiveReload()`, applied to the next
 * request without a restart): RATE_LIMIT_GLOBAL, RATE_LIMIT_AUTH_PER_IP, RATE_LIMIT_AUTH_PER_ACCOUNT, and the
 * platform's LOG_LEVEL and RPC_TIMEOUT_MS. Every other variable is read at start.
 */
export class GatewayConfig extends PlatformConfig {
  /** Origins allowed to call the API from a browser, comma-separated (`https://shop.example`); none by default. */
  @IsOptional()
  // Linear despite the nested quantifier: every repetition starts with the literal ','.
  // eslint-disable-next-line security/detect-unsafe-regex
  @Matches(/^https?:\/\/[^\s,]+(,https?:\/\/[^\s,]+)*$/, {
    message: 'CORS_ORIGINS must be comma-separated origins such as https://shop.example',
  })
  CORS_ORIGINS?: string = undefined;

  /**
   * The web app's build folder, served at `/` and `/admin`: `dist/web` by default, resolved from the repository
   * root like the .proto files. Without a build there the API still starts (one warning).
   */
  @IsOptional()
  @IsString()
  WEB_ROOT?: string = undefined;

  /** Shared rate-limit counters for several gateway instances; in memory when unset. */
  @IsOptional()
  @Matches(/^rediss?:\/\//, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL?: string = undefined;

  /** Requests per minute per signed-in user, or per client address for anonymous calls. Live. */
  @LiveReload()
  @IsInt()
  @Min(1)
  RATE_LIMIT_GLOBAL: number = 600;

  /** Login and register attempts per client address per auth window. Live. */
  @LiveReload()
  @IsInt()
  @Min(1)
  RATE_LIMIT_AUTH_PER_IP: number = 50;

  /** Login attempts per account (email) per auth window, whoever makes them. Live. */
  @LiveReload()
  @IsInt()
  @Min(1)
  RATE_LIMIT_AUTH_PER_ACCOUNT: number = 10;

  @IsInt()
  @Min(1)
  @Max(86_400)
  RATE_LIMIT_AUTH_WINDOW_S: number = 900;

  /** How old the stock levels shown to shoppers may be; 0 asks inventory on every read. Admins always get fresh. */
  @IsInt()
  @Min(0)
  @Max(60_000)
  AVAILABILITY_CACHE_MS: number = 1_000;

  /** How long the answer to a request with an Idempotency-Key is kept and replayed (24 h). */
  @IsInt()
  @Min(100)
  @Max(7 * 86_400_000)
  GATEWAY_IDEMPOTENCY_TTL_MS: number = 86_400_000;

  /**
   * How long a key stays "in use" when its request never finishes (its gateway instance died): longer than any
   * request takes, so a slow first request is never run twice.
   */
  @IsInt()
  @Min(1_000)
  GATEWAY_IDEMPOTENCY_LOCK_MS: number = 60_000;

  /** In memory (no REDIS_URL): the most Idempotency-Keys kept; past it the oldest go first. */
  @IsInt()
  @Min(1)
  GATEWAY_IDEMPOTENCY_MAX_KEYS: number = 10_000;

  /** Prefix of the Idempotency-Key records in Redis, so environments can share a server. */
  @IsString()
  IDEMPOTENCY_KEY_PREFIX: string = 'bazaar:idempotency';

  /** Prefix of the rate-limit keys in Redis, so environments can share a server. */
  @IsString()
  RATE_LIMIT_KEY_PREFIX: string = 'bazaar:rate';
}

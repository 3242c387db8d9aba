import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { LiveReload } from '@bazaar/discovery';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** `"true"`/`"1"`/`"yes"` -> true, `"false"`/`"0"`/`"no"` -> false; anything else is returned unchanged. */
export function parseBooleanEnv(value: unknown): unknown {
  if (value === undefined || typeof value === 'boolean') return value;
  const text = typeof value === 'string' ? value.toLowerCase() : '';
  if (['true', '1', 'yes'].includes(text)) return true;
  if (['false', '0', 'no'].includes(text)) return false;
  return value;
}

/** A boolean variable; a value `parseBooleanEnv` does not know stays a string and fails validation. */
export const BooleanFromEnv = () =>
  // Reads the raw value (`obj[key]`): implicit conversion would already have turned "false" into true.
  Transform(({ obj, key }: { obj: Record<string, unknown>; key: string }) => parseBooleanEnv(obj[key]));

/**
 * Settings every service reads; each app's config class extends this one. Every property states its type:
 * conversion from the environment's strings follows the declared type.
 *
 * With `CONSUL_URL` set, the Consul KV key `bazaar/<service>/config` (a JSON object of these variables) is merged
 * over the environment at start and followed while the service runs. Variables marked `@LiveReload()` take a new
 * value at once (here: LOG_LEVEL, RPC_TIMEOUT_MS); every other one is read at start only, and a change to it is
 * logged as needing a restart.
 */
export class PlatformConfig {
  /** Live: the root logger's level changes at once. */
  @LiveReload()
  @IsIn(LOG_LEVELS)
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

  /** Bind address of the ops/public HTTP server. */
  @IsString()
  HTTP_HOST: string = '127.0.0.1';

  /** After SIGTERM, how long readiness reports 503 before the server stops taking work (load balancers catch up). */
  @IsInt()
  @Min(0)
  @Max(60_000)
  SHUTDOWN_DRAIN_MS: number = 0;

  /** Upper bound for finishing in-flight work after SIGTERM; past it the process exits non-zero. */
  @IsInt()
  @Min(100)
  @Max(120_000)
  SHUTDOWN_TIMEOUT_MS: number = 10_000;

  /** How long a caller waits for an RPC answer before it answers SERVICE_UNAVAILABLE (503 at the edge). Live. */
  @LiveReload()
  @IsInt()
  @Min(1)
  @Max(120_000)
  RPC_TIMEOUT_MS: number = 3_000;

  /** RPC requests one instance handles at once when its RPC comes over RabbitMQ; the queue holds the rest. */
  @IsInt()
  @Min(1)
  @Max(10_000)
  RPC_BROKER_PREFETCH: number = 32;

  /** Where the embedded profile keeps data and generated keys. */
  @IsOptional()
  @IsString()
  BAZAAR_HOME?: string = undefined;

  /** Take the client address from `X-Forwarded-For`: only behind a trusted proxy (rate limits key on it). */
  @BooleanFromEnv()
  @IsBoolean()
  TRUST_PROXY: boolean = false;

  /** One log line per handled HTTP request or RPC, with its request ID, outcome and duration. */
  @BooleanFromEnv()
  @IsBoolean()
  LOG_REQUESTS: boolean = true;

  /**
   * The Consul agent's HTTP API (`http://127.0.0.1:8500`): turns on registration, lookup and config from Consul KV.
   * Unset: static addresses and the environment alone.
   */
  @IsOptional()
  @Matches(/^https?:\/\/[^/\s]+\/?$/, { message: 'CONSUL_URL must be an http(s):// origin, no path' })
  CONSUL_URL?: string = undefined;

  /** ACL token sent to Consul as `X-Consul-Token`. */
  @IsOptional()
  @IsString()
  CONSUL_TOKEN?: string = undefined;

  /** Consul unreachable at start: start on static addresses and the environment's config instead of refusing. */
  @BooleanFromEnv()
  @IsBoolean()
  DISCOVERY_STATIC_FALLBACK: boolean = false;
}

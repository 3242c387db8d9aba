import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min } from 'class-validator';

/** Consul's duration format: `500ms`, `5s`, `1m`, `1h`. */
const CONSUL_DURATION = /^\d+(ms|s|m|h)$/;
const CONSUL_DURATION_RULE = { message: '$property must be a duration such as 500ms, 5s, 1m' };

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
 */
export class PlatformConfig {
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

  /** How long a caller waits for an RPC answer before it answers SERVICE_UNAVAILABLE (503 at the edge). */
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

  /** Consul's HTTP API (`http://consul:8500`): registration, instance lookup and KV config. Unset: static addresses. */
  @IsOptional()
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_tld: false },
    { message: '$property must be an http(s) URL such as http://consul:8500' },
  )
  CONSUL_URL?: string = undefined;

  /** Consul ACL token, sent with every request to Consul. */
  @IsOptional()
  @IsString()
  CONSUL_TOKEN?: string = undefined;

  /** How often Consul calls this instance's `/health/ready`, and how long it waits for the answer. */
  @Matches(CONSUL_DURATION, CONSUL_DURATION_RULE)
  CONSUL_CHECK_INTERVAL: string = '5s';

  @Matches(CONSUL_DURATION, CONSUL_DURATION_RULE)
  CONSUL_CHECK_TIMEOUT: string = '2s';

  /** An instance whose check stays critical this long is removed from Consul (one that died without a word). */
  @Matches(CONSUL_DURATION, CONSUL_DURATION_RULE)
  CONSUL_DEREGISTER_AFTER: string = '1m';

  /** The address this instance registers (what callers and Consul's check reach); default: its bind address. */
  @IsOptional()
  @IsString()
  CONSUL_ADVERTISE_HOST?: string = undefined;

  /** This instance's ID in Consul, unique per instance; default `<service>-<host>-<port>`. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/, {
    message: '$property must be letters, digits, ".", "_" or "-"',
  })
  CONSUL_SERVICE_ID?: string = undefined;

  /** Consul unreachable at start: start on static addresses (and env config) instead of refusing to start. */
  @BooleanFromEnv()
  @IsBoolean()
  DISCOVERY_STATIC_FALLBACK: boolean = false;

  /** How long an instance that failed a call in transit is skipped by this caller (it is tried again after). */
  @IsInt()
  @Min(100)
  @Max(600_000)
  DISCOVERY_EJECT_MS: number = 5_000;
}

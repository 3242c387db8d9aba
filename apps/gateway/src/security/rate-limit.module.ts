import type * as ThrottlerStorageRedis from '@nest-lab/throttler-storage-redis';
import type { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { ExecutionContext, Module } from '@nestjs/common';
import { ThrottlerModule, ThrottlerModuleOptions } from '@nestjs/throttler';
import type { FastifyRequest } from 'fastify';
import type * as IoRedis from 'ioredis';
import { RequestContext } from '@bazaar/platform';
import { GatewayConfig } from '../gateway.config';
import { FixedWindowThrottlerStorage } from './fixed-window-storage';
import { AUTH_RATE_LIMITED } from './rate-limit.decorator';
import { ResilientThrottlerStorage } from './resilient-storage';

const MINUTE_MS = 60_000;
/** An orchestrator's probes and Prometheus' scrapes: never limited, or a busy address could look down. */
const OPS_ROUTE = /^\/(health\/|metrics$)/;

/**
 * Three limits. `global`: every route but the ops endpoints (health, metrics), per signed-in user or per client
 * address. `auth-ip` and `auth-account`:
 * only routes marked `@AuthRateLimit()`, per address and per account (the email in the body), so guessing one
 * account's password from many addresses is limited too. Counters live in Redis when `REDIS_URL` is set, so all
 * gateway instances share them, else in memory. Each limit is read from the config per request: a change in
 * Consul KV applies to the next request.
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [GatewayConfig],
      useFactory: (config: GatewayConfig): ThrottlerModuleOptions => {
        const authWindowMs = config.RATE_LIMIT_AUTH_WINDOW_S * 1000;
        const authRoutes = new WeakMap<object, boolean>();
        const onlyAuthRoutes = (context: ExecutionContext) => {
          const handler = context.getHandler();
          let limited = authRoutes.get(handler);
          if (limited === undefined) {
            limited = Reflect.getMetadata(AUTH_RATE_LIMITED, handler) === true;
            authRoutes.set(handler, limited);
          }
          return !limited;
        };
        const opsRoutes = new WeakMap<object, boolean>();
        const onOpsRoutes = (context: ExecutionContext) => {
          const handler = context.getHandler();
          let ops = opsRoutes.get(handler);
          if (ops === undefined) {
            ops = OPS_ROUTE.test(context.switchToHttp().getRequest<FastifyRequest>().routeOptions.url ?? '');
            opsRoutes.set(handler, ops);
          }
          return ops;
        };
        return {
          setHeaders: false,
          storage: new ResilientThrottlerStorage(storageFor(config)),
          throttlers: [
            {
              name: 'global',
              ttl: MINUTE_MS,
              limit: () => config.RATE_LIMIT_GLOBAL,
              skipIf: onOpsRoutes,
              getTracker: (req) => RequestContext.caller()?.userId ?? clientAddress(req),
            },
            {
              name: 'auth-ip',
              ttl: authWindowMs,
              limit: () => config.RATE_LIMIT_AUTH_PER_IP,
              skipIf: onlyAuthRoutes,
              getTracker: (req) => clientAddress(req),
            },
            {
              name: 'auth-account',
              ttl: authWindowMs,
              limit: () => config.RATE_LIMIT_AUTH_PER_ACCOUNT,
              skipIf: onlyAuthRoutes,
              getTracker: (req) => accountOf(req) ?? clientAddress(req),
            },
          ],
          // The global limit spans every route; the auth limits count each route (login, register) apart.
          generateKey: (context, tracker, throttlerName) =>
            throttlerName === 'global'
              ? `${config.RATE_LIMIT_KEY_PREFIX}:global:${tracker}`
              : `${config.RATE_LIMIT_KEY_PREFIX}:${throttlerName}:${context.getHandler().name}:${tracker}`,
        };
      },
    }),
  ],
})
export class RateLimitModule {}

function storageFor(config: GatewayConfig): ThrottlerStorageRedisService | FixedWindowThrottlerStorage {
  if (!config.REDIS_URL) return new FixedWindowThrottlerStorage();
  // Required only here: without REDIS_URL the gateway never loads a Redis client (docs/adr/0016-service-memory.md).
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { default: Redis } = require('ioredis') as typeof IoRedis;
  const { ThrottlerStorageRedisService } =
    require('@nest-lab/throttler-storage-redis') as typeof ThrottlerStorageRedis;
  /* eslint-enable @typescript-eslint/no-require-imports */
  const redis = new Redis(config.REDIS_URL, {
    // Fail fast instead of queueing: an unreachable Redis must not stall requests (the storage fails open).
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    connectTimeout: 2_000,
    lazyConnect: false,
  });
  const storage = new ThrottlerStorageRedisService(redis);
  // Ours to close on shutdown, though the storage did not open it.
  storage.disconnectRequired = true;
  return storage;
}

function clientAddress(req: Record<string, unknown>): string {
  return String((req as unknown as FastifyRequest).ip ?? 'unknown');
}

/** The account a login or registration is for: its normalized email. */
function accountOf(req: Record<string, unknown>): string | undefined {
  const body = (req as unknown as FastifyRequest).body as { email?: unknown } | undefined;
  return typeof body?.email === 'string' ? `account:${body.email.trim().toLowerCase()}` : undefined;
}

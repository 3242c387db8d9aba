import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import type * as IoRedis from 'ioredis';
import { GatewayConfig } from '../gateway.config';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { idempotencyMetricProviders } from './idempotency.metrics';
import { IDEMPOTENCY_STORE, IdempotencyStore } from './idempotency.store';
import { IdempotentRequests } from './idempotent-requests';
import { MemoryIdempotencyStore } from './memory-idempotency.store';
import { RedisIdempotencyStore } from './redis-idempotency.store';

const REDIS_CONNECT_TIMEOUT_MS = 2_000;

/**
 * Idempotency-Key on every POST of the API (docs/adr/0020-idempotency-key-in-the-gateway.md). Keys live in Redis
 * when `REDIS_URL` is set, so every gateway instance sees them, else in this instance's memory.
 */
@Module({
  providers: [
    ...idempotencyMetricProviders,
    { provide: IDEMPOTENCY_STORE, inject: [GatewayConfig], useFactory: storeFor },
    IdempotentRequests,
    { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
  ],
  exports: [IdempotentRequests],
})
export class IdempotencyModule {}

async function storeFor(config: GatewayConfig): Promise<IdempotencyStore> {
  const limits = { ttlMs: config.GATEWAY_IDEMPOTENCY_TTL_MS, lockMs: config.GATEWAY_IDEMPOTENCY_LOCK_MS };
  if (!config.REDIS_URL) return new MemoryIdempotencyStore(limits, config.GATEWAY_IDEMPOTENCY_MAX_KEYS);
  // Required only here: without REDIS_URL the gateway never loads a Redis client (docs/adr/0016-service-memory.md).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { default: Redis } = require('ioredis') as typeof IoRedis;
  const redis = new Redis(config.REDIS_URL, {
    // Fail fast instead of queueing: a request with a key is answered 503 at once while Redis is away.
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    connectTimeout: REDIS_CONNECT_TIMEOUT_MS,
  });
  // Each failed command is answered 503 and logged by IdempotentRequests; the connection's own errors say no more.
  redis.on('error', () => undefined);
  // Connected before the first request if it can be; if not, start anyway: requests with a key get 503 until it is.
  await new Promise<void>((resolve) => {
    redis.once('ready', resolve).once('error', () => resolve());
    setTimeout(resolve, REDIS_CONNECT_TIMEOUT_MS).unref();
  });
  return new RedisIdempotencyStore(redis, config.IDEMPOTENCY_KEY_PREFIX, limits);
}

import { Logger } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import { ThrottlerStorageRecord } from './throttler-record';

const WARN_EVERY_MS = 10_000;

// The library has no fail-open mode: docs/adr/0003-rate-limit-guard-and-fixed-window-storage.md
/**
 * Rate-limit counters that fail open: if the shared store (Redis) is unreachable, requests are served
 * unthrottled and a warning is logged (at most every 10 s), rather than the whole API failing with it.
 */
export class ResilientThrottlerStorage implements ThrottlerStorage {
  private readonly logger = new Logger('RateLimit');
  private lastWarning = 0;

  constructor(private readonly inner: ThrottlerStorage & { onModuleDestroy?: () => void }) {}

  // Not `async`: it hands the inner storage's promise on instead of wrapping it in another one per request.
  increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const failOpen = (error: unknown): ThrottlerStorageRecord => {
      if (Date.now() - this.lastWarning > WARN_EVERY_MS) {
        this.lastWarning = Date.now();
        this.logger.warn({ err: error, msg: 'rate-limit store unreachable; not limiting' });
      }
      return { totalHits: 0, timeToExpire: 0, isBlocked: false, timeToBlockExpire: 0 };
    };
    try {
      return this.inner.increment(key, ttl, limit, blockDuration, throttlerName).catch(failOpen);
    } catch (error) {
      return Promise.resolve(failOpen(error));
    }
  }

  onModuleDestroy(): void {
    this.inner.onModuleDestroy?.();
  }
}

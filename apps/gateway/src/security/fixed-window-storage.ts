import { OnModuleDestroy } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import { ThrottlerStorageRecord } from './throttler-record';

interface Window {
  hits: number;
  /** Epoch ms when the window's count resets. */
  endsAt: number;
  /** Epoch ms until which the key is refused (0: not blocked). */
  blockedUntil: number;
}

const SWEEP_EVERY_MS = 30_000;

// In place of ThrottlerStorageService: docs/adr/0003-rate-limit-guard-and-fixed-window-storage.md
/**
 * In-memory rate-limit counters, a fixed window per key: O(1) per request, like the Redis storage's INCR with an
 * expiry (so both profiles count alike). The library's own in-memory storage keeps one timestamp per hit and
 * filters them all on every request, which grows with the limit and the traffic.
 */
export class FixedWindowThrottlerStorage implements ThrottlerStorage, OnModuleDestroy {
  private readonly windows = new Map<string, Window>();
  private readonly sweeper = setInterval(() => this.sweep(), SWEEP_EVERY_MS).unref();

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
  ): Promise<ThrottlerStorageRecord> {
    const now = Date.now();
    let window = this.windows.get(key);
    if (!window || (window.endsAt <= now && window.blockedUntil <= now)) {
      window = { hits: 0, endsAt: now + ttl, blockedUntil: 0 };
      this.windows.set(key, window);
    } else if (window.endsAt <= now) {
      window.hits = 0;
      window.endsAt = now + ttl;
    }
    const blocked = window.blockedUntil > now;
    if (!blocked) {
      window.hits++;
      if (window.hits > limit) window.blockedUntil = now + blockDuration;
    }
    const isBlocked = window.blockedUntil > now;
    return {
      totalHits: window.hits,
      timeToExpire: Math.ceil((window.endsAt - now) / 1000),
      isBlocked,
      timeToBlockExpire: isBlocked ? Math.ceil((window.blockedUntil - now) / 1000) : 0,
    };
  }

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
  }

  private sweep(): void {
    const now = Date.now();
    for (const [key, window] of this.windows) {
      if (window.endsAt <= now && window.blockedUntil <= now) this.windows.delete(key);
    }
  }
}

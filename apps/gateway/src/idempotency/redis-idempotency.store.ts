import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { Claim, HeldKey, IdempotencyStore, IdempotencyStoreLimits, StoredAnswer } from './idempotency.store';

/** A record as kept in Redis: one JSON string per key, with Redis' own expiry. */
type StoredRecord =
  | { state: 'running'; fingerprint: string; token: string }
  | { state: 'done'; fingerprint: string; answer: StoredAnswer };

/** Replaces the value only while it is still exactly the in-flight marker this request wrote. */
const REPLACE_IF_OURS = `if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) return 1 end return 0`;
const DELETE_IF_OURS = `if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1]) end return 0`;

/**
 * Keys shared by every gateway instance. A request claims its key with `SET NX PX` (the in-flight marker, gone
 * by itself after `lockMs` if the instance dies), and replaces or deletes that marker only while it is still its
 * own (a Lua compare-and-set), so a late request never overwrites a record another one wrote after its marker
 * expired. Redis' `maxmemory` policy bounds memory here.
 */
export class RedisIdempotencyStore implements IdempotencyStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly limits: IdempotencyStoreLimits,
  ) {}

  async claim(key: string, fingerprint: string): Promise<Claim> {
    const held = { key, fingerprint, token: randomUUID() };
    // Twice at most: a record can expire between the refused SET NX and the GET.
    for (let attempt = 0; attempt < 2; attempt++) {
      const set = await this.redis.set(this.keyOf(key), markerOf(held), 'PX', this.limits.lockMs, 'NX');
      if (set === 'OK') return { outcome: 'claimed', held };
      const stored = await this.redis.get(this.keyOf(key));
      if (stored === null) continue;
      const record = JSON.parse(stored) as StoredRecord;
      if (record.fingerprint !== fingerprint) return { outcome: 'mismatch' };
      return record.state === 'running'
        ? { outcome: 'in-use' }
        : { outcome: 'replay', answer: record.answer };
    }
    return { outcome: 'in-use' };
  }

  async complete(held: HeldKey, answer: StoredAnswer): Promise<void> {
    const done: StoredRecord = { state: 'done', fingerprint: held.fingerprint, answer };
    await this.redis.eval(
      REPLACE_IF_OURS,
      1,
      this.keyOf(held.key),
      markerOf(held),
      JSON.stringify(done),
      this.limits.ttlMs,
    );
  }

  async release(held: HeldKey): Promise<void> {
    await this.redis.eval(DELETE_IF_OURS, 1, this.keyOf(held.key), markerOf(held));
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  private keyOf(key: string): string {
    return `${this.prefix}:${key}`;
  }
}

/** The in-flight marker's exact value: written by `claim`, compared byte for byte by the scripts. */
function markerOf({ fingerprint, token }: HeldKey): string {
  return JSON.stringify({ state: 'running', fingerprint, token } satisfies StoredRecord);
}

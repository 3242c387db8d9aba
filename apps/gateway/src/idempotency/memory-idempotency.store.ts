import { randomUUID } from 'node:crypto';
import { Claim, HeldKey, IdempotencyStore, IdempotencyStoreLimits, StoredAnswer } from './idempotency.store';

type Entry =
  | { state: 'running'; fingerprint: string; token: string; expiresAt: number }
  | { state: 'done'; fingerprint: string; answer: StoredAnswer; expiresAt: number };

const SWEEP_EVERY_MS = 30_000;

/**
 * Keys in this gateway instance's memory, at most `maxEntries` of them: past the bound the oldest record is
 * dropped first (a Map iterates in insertion order, and a completed record is re-inserted), so memory stays
 * bounded whatever the traffic. Expired records are swept every 30 s and ignored before that.
 */
export class MemoryIdempotencyStore implements IdempotencyStore {
  private readonly entries = new Map<string, Entry>();
  private readonly sweeper = setInterval(() => this.sweep(), SWEEP_EVERY_MS).unref();

  constructor(
    private readonly limits: IdempotencyStoreLimits,
    private readonly maxEntries: number,
  ) {}

  claim(key: string, fingerprint: string): Promise<Claim> {
    const now = Date.now();
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt > now) {
      if (entry.fingerprint !== fingerprint) return Promise.resolve({ outcome: 'mismatch' });
      return Promise.resolve(
        entry.state === 'running' ? { outcome: 'in-use' } : { outcome: 'replay', answer: entry.answer },
      );
    }
    this.entries.delete(key);
    while (this.entries.size >= this.maxEntries) this.dropOldest();
    const token = randomUUID();
    this.entries.set(key, { state: 'running', fingerprint, token, expiresAt: now + this.limits.lockMs });
    return Promise.resolve({ outcome: 'claimed', held: { key, fingerprint, token } });
  }

  complete({ key, token }: HeldKey, answer: StoredAnswer): Promise<void> {
    const entry = this.entries.get(key);
    if (entry?.state === 'running' && entry.token === token) {
      this.entries.delete(key);
      this.entries.set(key, {
        state: 'done',
        fingerprint: entry.fingerprint,
        answer,
        expiresAt: Date.now() + this.limits.ttlMs,
      });
    }
    return Promise.resolve();
  }

  release({ key, token }: HeldKey): Promise<void> {
    const entry = this.entries.get(key);
    if (entry?.state === 'running' && entry.token === token) this.entries.delete(key);
    return Promise.resolve();
  }

  close(): Promise<void> {
    clearInterval(this.sweeper);
    this.entries.clear();
    return Promise.resolve();
  }

  private dropOldest(): void {
    const oldest = this.entries.keys().next();
    if (!oldest.done) this.entries.delete(oldest.value);
  }

  private sweep(): void {
    const now = Date.now();
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt <= now) this.entries.delete(key);
    }
  }
}

import { parseDuration } from './duration';

/** Consul's defaults for a blocking query: `wait` of 5 minutes when unset, at most 10 minutes. */
const DEFAULT_WAIT_MS = 5 * 60_000;
const MAX_WAIT_MS = 10 * 60_000;
/** "A small random amount of additional wait time is added ... up to wait / 16" (blocking queries doc). */
const JITTER_FRACTION = 16;

interface Waiter {
  moved: () => boolean;
  wake: () => void;
}

/**
 * The Raft index of the test server: one counter for every write (catalog, checks and KV alike), which never goes
 * backwards, plus the blocking queries parked on it. A write bumps the index and wakes each parked query whose own
 * index (the one its endpoint reports) has moved past the index the client sent.
 */
export class BlockingIndex {
  private last = 1;
  private readonly waiters = new Set<Waiter>();

  get current(): number {
    return this.last;
  }

  /** Applies one write at the next index and wakes the blocking queries it concerns. */
  commit<T>(apply: (index: number) => T): T {
    this.last += 1;
    const result = apply(this.last);
    for (const waiter of [...this.waiters]) if (waiter.moved()) waiter.wake();
    return result;
  }

  /**
   * Holds a blocking query until `indexOf()` moves past `minIndex` or the wait runs out (Consul answers with the
   * current state either way), or `released` fires (the client went away, the server stops).
   */
  async block(
    minIndex: number,
    waitMs: number,
    indexOf: () => number,
    released?: AbortSignal,
  ): Promise<void> {
    // No index (or 0) asks for the current state at once; an index already passed answers at once too.
    if (minIndex <= 0 || indexOf() > minIndex) return;
    const jitter = Math.random() * (waitMs / JITTER_FRACTION);
    await new Promise<void>((resolve) => {
      const waiter: Waiter = {
        moved: () => indexOf() > minIndex,
        wake: () => {
          clearTimeout(timer);
          released?.removeEventListener('abort', waiter.wake);
          this.waiters.delete(waiter);
          resolve();
        },
      };
      const timer = setTimeout(waiter.wake, waitMs + jitter);
      released?.addEventListener('abort', waiter.wake, { once: true });
      this.waiters.add(waiter);
    });
  }

  /** Answers every parked query at once (the server is stopping). */
  releaseAll(): void {
    for (const waiter of [...this.waiters]) waiter.wake();
  }
}

/** A blocking query's `?index=` and `?wait=`, or the message Consul answers a malformed one with (HTTP 400). */
export function blockingParams(
  query: URLSearchParams,
): { index: number; waitMs: number } | { error: string } {
  const rawIndex = query.get('index');
  const index = rawIndex === null || rawIndex === '' ? 0 : Number(rawIndex);
  if (!Number.isSafeInteger(index) || index < 0) return { error: 'Invalid index' };
  const rawWait = query.get('wait');
  const waitMs = rawWait === null || rawWait === '' ? DEFAULT_WAIT_MS : parseDuration(rawWait);
  if (waitMs === undefined) return { error: 'Invalid wait time' };
  return { index, waitMs: Math.min(waitMs, MAX_WAIT_MS) };
}

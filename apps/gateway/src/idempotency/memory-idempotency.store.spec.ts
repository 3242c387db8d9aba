import { HeldKey, StoredAnswer } from './idempotency.store';
import { MemoryIdempotencyStore } from './memory-idempotency.store';

const ANSWER: StoredAnswer = { status: 201, headers: { 'content-type': 'application/json' }, body: 'e30=' };

describe('MemoryIdempotencyStore', () => {
  let now: number;
  let store: MemoryIdempotencyStore;

  beforeEach(() => {
    now = 1_800_000_000_000;
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    store = new MemoryIdempotencyStore({ ttlMs: 60_000, lockMs: 5_000 }, 3);
  });

  afterEach(async () => {
    await store.close();
    jest.restoreAllMocks();
  });

  async function claimed(key: string, fingerprint = 'f'): Promise<HeldKey> {
    const claim = await store.claim(key, fingerprint);
    if (claim.outcome !== 'claimed') throw new Error(`${key}: ${claim.outcome}`);
    return claim.held;
  }

  it('tells a running key, a kept answer and another request apart', async () => {
    const held = await claimed('k');
    await expect(store.claim('k', 'f')).resolves.toEqual({ outcome: 'in-use' });
    await expect(store.claim('k', 'other')).resolves.toEqual({ outcome: 'mismatch' });
    await store.complete(held, ANSWER);
    await expect(store.claim('k', 'f')).resolves.toEqual({ outcome: 'replay', answer: ANSWER });
    await expect(store.claim('k', 'other')).resolves.toEqual({ outcome: 'mismatch' });
  });

  it('frees a released key, and a key whose request never finished once its marker expires', async () => {
    await store.release(await claimed('released'));
    await claimed('released');
    const stuck = await claimed('stuck');
    now += 5_001;
    const retry = await claimed('stuck');
    // The first request ends after all: its marker is gone, so it changes nothing.
    await store.complete(stuck, ANSWER);
    await expect(store.claim('stuck', 'f')).resolves.toEqual({ outcome: 'in-use' });
    await store.complete(retry, ANSWER);
    await expect(store.claim('stuck', 'f')).resolves.toMatchObject({ outcome: 'replay' });
  });

  it('keeps an answer for the TTL, then forgets it', async () => {
    await store.complete(await claimed('k'), ANSWER);
    now += 59_999;
    await expect(store.claim('k', 'other')).resolves.toEqual({ outcome: 'mismatch' });
    now += 1;
    await expect(store.claim('k', 'other')).resolves.toMatchObject({ outcome: 'claimed' });
  });

  it('holds at most maxEntries keys, dropping the oldest first', async () => {
    for (const key of ['a', 'b', 'c']) await store.complete(await claimed(key), ANSWER);
    await claimed('d');
    await expect(store.claim('a', 'other')).resolves.toMatchObject({ outcome: 'claimed' });
    await expect(store.claim('c', 'other')).resolves.toEqual({ outcome: 'mismatch' });
  });
});

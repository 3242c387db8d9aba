import { backoffDelay, Sleeper } from './backoff';

describe('backoffDelay', () => {
  const policy = { initialMs: 100, maxMs: 5_000 };

  it('doubles from the initial delay and stops at the cap', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => backoffDelay(policy, n))).toEqual([
      100, 200, 400, 800, 1_600, 3_200, 5_000,
    ]);
    expect(backoffDelay(policy, 1_000)).toBe(5_000);
  });

  it('treats attempts below 1 as the first', () => {
    expect(backoffDelay(policy, 0)).toBe(100);
    expect(backoffDelay(policy, -3)).toBe(100);
  });

  it('randomizes only the jitter share of the delay', () => {
    const jittered = { ...policy, jitter: 0.5 };
    expect(backoffDelay(jittered, 3, () => 0)).toBe(200);
    expect(backoffDelay(jittered, 3, () => 1)).toBe(400);
    expect(backoffDelay(jittered, 3, () => 0.5)).toBe(300);
  });
});

describe('Sleeper', () => {
  it('wakes early when woken, and remembers a wake that came while awake', async () => {
    const sleeper = new Sleeper();
    const started = Date.now();
    const sleeping = sleeper.sleep(10_000);
    sleeper.wake();
    await sleeping;
    sleeper.wake();
    await sleeper.sleep(10_000);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});

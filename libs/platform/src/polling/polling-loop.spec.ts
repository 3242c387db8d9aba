import { PassOutcome, PollingLoop } from './polling-loop';

const until = async (condition: () => boolean, timeoutMs = 2_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

describe('PollingLoop', () => {
  it('runs passes back to back while they find work, then waits the poll interval', async () => {
    const outcomes: PassOutcome[] = ['busy', 'busy', 'idle'];
    let passes = 0;
    const loop = new PollingLoop(
      async () => {
        passes += 1;
        return outcomes.shift() ?? 'idle';
      },
      { pollMs: 60_000, backoff: { initialMs: 60_000, maxMs: 60_000 } },
    );
    loop.start();
    await until(() => passes === 3);
    // The third pass was idle: the loop now sleeps a minute, so no fourth pass comes on its own.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(passes).toBe(3);
    loop.wake();
    await until(() => passes === 4);
    await loop.stop();
  });

  it('backs off after failures, reports each with its attempt, and says when it recovered', async () => {
    const failures: Array<{ attempt: number; delayMs: number }> = [];
    const recovered: number[] = [];
    let passes = 0;
    const loop = new PollingLoop(
      async () => {
        passes += 1;
        if (passes <= 3) throw new Error(`pass ${passes} failed`);
        return 'idle';
      },
      {
        pollMs: 60_000,
        backoff: { initialMs: 5, maxMs: 10 },
        onFailure: (_error, attempt, delayMs) => void failures.push({ attempt, delayMs }),
        onRecovery: (count) => void recovered.push(count),
      },
    );
    loop.start();
    await until(() => recovered.length === 1);
    expect(failures).toEqual([
      { attempt: 1, delayMs: 5 },
      { attempt: 2, delayMs: 10 },
      { attempt: 3, delayMs: 10 },
    ]);
    expect(recovered).toEqual([3]);
    await loop.stop();
  });

  it('keeps going when reporting a failure throws', async () => {
    let passes = 0;
    const loop = new PollingLoop(
      async () => {
        passes += 1;
        if (passes === 1) throw new Error('first pass failed');
        return 'idle';
      },
      {
        pollMs: 60_000,
        backoff: { initialMs: 1, maxMs: 1 },
        onFailure: () => {
          throw new Error('the reporter broke');
        },
      },
    );
    loop.start();
    await until(() => passes === 2);
    await loop.stop();
  });

  it('stops after the pass under way, cutting its sleep short', async () => {
    let release: () => void = () => undefined;
    let finished = false;
    const loop = new PollingLoop(
      async () => {
        await new Promise<void>((resolve) => (release = resolve));
        finished = true;
        return 'idle';
      },
      { pollMs: 60_000, backoff: { initialMs: 60_000, maxMs: 60_000 } },
    );
    loop.start();
    const stopped = loop.stop();
    expect(loop.isRunning).toBe(false);
    release();
    await stopped;
    expect(finished).toBe(true);
  });
});

export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  /** 0..1: the share of each delay that is randomized, so many waiting processes do not retry in lockstep. */
  jitter?: number;
}

/**
 * Exponential back-off: `initialMs * 2^(attempt-1)`, capped at `maxMs`, with the top `jitter` share randomized.
 * `attempt` counts from 1 (the delay before the first retry).
 */
export function backoffDelay(
  policy: BackoffPolicy,
  attempt: number,
  random: () => number = Math.random,
): number {
  const exponent = Math.min(Math.max(attempt, 1) - 1, 30);
  const base = Math.min(policy.maxMs, policy.initialMs * 2 ** exponent);
  const jitter = Math.min(Math.max(policy.jitter ?? 0, 0), 1);
  return Math.round(base * (1 - jitter) + base * jitter * random());
}

/** A sleep that `wake()` can cut short (new work arrived) and that never outlives `stop`. */
export class Sleeper {
  private timer: NodeJS.Timeout | undefined;
  private resolve: (() => void) | undefined;
  private woken = false;

  sleep(ms: number): Promise<void> {
    if (this.woken) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.resolve = resolve;
      this.timer = setTimeout(() => this.wake(), ms);
    });
  }

  /** Ends the current sleep, or makes the next one return at once. */
  wake(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const resolve = this.resolve;
    this.resolve = undefined;
    if (resolve) resolve();
    else this.woken = true;
  }
}

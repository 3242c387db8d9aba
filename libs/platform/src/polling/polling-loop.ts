import { BackoffPolicy, backoffDelay, Sleeper } from './backoff';

/** What one pass found: `busy` (there may be more: run again at once) or `idle` (wait for the poll interval). */
export type PassOutcome = 'busy' | 'idle';

export interface PollingLoopOptions {
  /** Wait between passes that found nothing; `wake()` cuts it short. */
  pollMs: number;
  /** Wait after a failed pass (a thrown error), growing with consecutive failures. */
  backoff: BackoffPolicy;
  /** A pass failed: `attempt` counts consecutive failures from 1, `delayMs` is the wait before the next pass. */
  onFailure?: (error: unknown, attempt: number, delayMs: number) => Promise<void> | void;
  /** A pass succeeded after `failures` failed ones. */
  onRecovery?: (failures: number) => void;
}

/**
 * The poll/claim/back-off loop every background worker runs (the outbox relay, the PostgreSQL bus consumer,
 * notification delivery): run a pass; when it found work, run the next one at once; when it found none, sleep
 * the poll interval unless woken; when it threw, back off exponentially with jitter and try again. `stop()` ends
 * the loop after the pass under way and resolves once it has.
 */
export class PollingLoop {
  private readonly sleeper = new Sleeper();
  private running = false;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly pass: () => Promise<PassOutcome>,
    private readonly options: PollingLoopOptions,
  ) {}

  get isRunning(): boolean {
    return this.running;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** New work arrived: run the next pass now rather than after the poll interval (or the back-off). */
  wake(): void {
    this.sleeper.wake();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.sleeper.wake();
    await this.loop;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      let outcome: PassOutcome;
      try {
        outcome = await this.pass();
      } catch (error) {
        failures += 1;
        const delayMs = backoffDelay(this.options.backoff, failures);
        try {
          await this.options.onFailure?.(error, failures, delayMs);
        } catch {
          // Reporting a failure must not end the loop.
        }
        await this.sleeper.sleep(delayMs);
        continue;
      }
      if (failures > 0) this.options.onRecovery?.(failures);
      failures = 0;
      if (outcome === 'idle' && this.running) await this.sleeper.sleep(this.options.pollMs);
    }
  }
}

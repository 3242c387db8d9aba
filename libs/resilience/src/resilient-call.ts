import { BreakerView } from '@bazaar/contracts';
import { Tracing } from '@bazaar/observability';
import { backoffDelay } from '@bazaar/platform';
import CircuitBreaker from 'opossum';
import { AttemptTimeoutError, CallOutcome, FailurePolicy } from './failures';
import { policyProblems, ResiliencePolicy } from './resilience-policy';

export type BreakerState = 'closed' | 'open' | 'half-open';

/** The breaker events counted in `/metrics` (opossum's, plus the retries and attempt timeouts of this layer). */
export type BreakerEvent =
  | 'success'
  | 'failure'
  | 'reject'
  | 'open'
  | 'half_open'
  | 'close'
  | 'retry'
  | 'attempt_timeout'
  | 'fallback';

/** Where a call's state changes and outcomes go: the metrics, in the Nest module. */
export interface BreakerObserver {
  state(dependency: string, state: BreakerState): void;
  event(dependency: string, event: BreakerEvent): void;
  finished(dependency: string, outcome: CallOutcome, seconds: number): void;
}

/** The state of one breaker, as readiness details and the admin API show it. */
export type BreakerSnapshot = BreakerView;

export interface ResilientCallOptions<TResult> {
  failures: FailurePolicy;
  /** What the call answers, at once, while the breaker is open; throwing is fine. Default: the breaker's error. */
  whenOpen?: (error: Error) => TResult;
  observer?: BreakerObserver;
}

/** The action a ResilientCall protects: it must stop its work when `signal` fires (fetch does). */
export type Action<TArgs extends unknown[], TResult> = (
  signal: AbortSignal,
  ...args: TArgs
) => Promise<TResult>;

const nowSeconds = () => Number(process.hrtime.bigint()) / 1e9;

/** The policy fields a running breaker takes: opossum 9 reads these two options on each failure and opening. */
interface LiveBreakerOptions {
  errorThresholdPercentage: number;
  resetTimeout: number;
}

/** Fixed when the breaker is built: opossum sizes its rolling window and keeps its volume threshold privately. */
export const POLICY_FIELDS_FIXED_AT_START = ['rollingWindowMs', 'rollingBuckets', 'volumeThreshold'] as const;

/**
 * Calls to one outside dependency, protected: each attempt gets its own AbortSignal that fires at the attempt
 * time limit (opossum's own timeout rejects the promise but leaves the request running, so it is off here);
 * retryable failures are retried with full-jitter exponential back-off within the total budget; an opossum
 * breaker counts every attempt and, while open, the call answers at once through `whenOpen`.
 */
export class ResilientCall<TArgs extends unknown[], TResult> {
  private readonly breaker: CircuitBreaker<[AbortSignal, ...TArgs], TResult>;
  private openedAt: number | undefined;
  private policy: ResiliencePolicy;

  constructor(
    readonly name: string,
    policy: ResiliencePolicy,
    action: Action<TArgs, TResult>,
    private readonly options: ResilientCallOptions<TResult>,
  ) {
    this.policy = policy;
    this.breaker = new CircuitBreaker<[AbortSignal, ...TArgs], TResult>(action, {
      name,
      timeout: false,
      errorThresholdPercentage: policy.errorThresholdPercentage,
      rollingCountTimeout: policy.rollingWindowMs,
      rollingCountBuckets: policy.rollingBuckets,
      volumeThreshold: policy.volumeThreshold,
      resetTimeout: policy.resetTimeoutMs,
      // A failure that is the caller's (a bad request) says nothing about the dependency's health.
      errorFilter: (error: unknown) => options.failures.isCallersFault?.(error) ?? false,
    });
    this.wireEvents();
  }

  get state(): BreakerState {
    if (this.breaker.opened) return 'open';
    return this.breaker.halfOpen ? 'half-open' : 'closed';
  }

  /** Calls the dependency: at most `retries + 1` attempts, within `totalTimeoutMs`. */
  call(...args: TArgs): Promise<TResult> {
    // One span per call through the breaker, its attempts (the dependency's client spans) as children.
    return Tracing.inSpan(
      `breaker ${this.name}`,
      { attributes: { 'bazaar.breaker.name': this.name, 'bazaar.breaker.state': this.state } },
      () => this.callWithRetries(args),
    );
  }

  private async callWithRetries(args: TArgs): Promise<TResult> {
    const started = nowSeconds();
    const deadline = Date.now() + this.policy.totalTimeoutMs;
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await this.attempt(args, deadline);
        this.finished('ok', started);
        return result;
      } catch (error) {
        if (isBreakerRefusal(error)) {
          this.finished('rejected', started);
          return this.answerWhileOpen(error);
        }
        const delay = backoffDelay(
          { initialMs: this.policy.retryBaseDelayMs, maxMs: this.policy.retryMaxDelayMs, jitter: 1 },
          attempt,
        );
        const retryable = error instanceof AttemptTimeoutError || this.options.failures.isRetryable(error);
        // No attempt starts that could not run its full time limit within the total budget.
        const fits = Date.now() + delay + this.policy.attemptTimeoutMs <= deadline;
        if (!retryable || attempt > this.policy.retries || !fits) {
          this.finished(error instanceof AttemptTimeoutError ? 'timeout' : 'failed', started);
          throw error;
        }
        this.options.observer?.event(this.name, 'retry');
        await sleep(delay);
      }
    }
  }

  /**
   * True while the breaker is open: a call now would be refused without reaching the dependency. For callers with
   * work of their own before the call (a database write) that is wasted when the call is refused: they ask first
   * and answer at once. The refusal is counted as opossum counts its own (its `reject` event feeds its window
   * statistics and this layer's metrics), so the metrics and the snapshot tell the same story either way.
   */
  refusesNow(): boolean {
    if (this.state !== 'open') return false;
    const started = nowSeconds();
    this.breaker.emit('reject', Object.assign(new Error('Breaker is open'), { code: 'EOPENBREAKER' }));
    this.options.observer?.event(this.name, 'fallback');
    this.finished('rejected', started);
    return true;
  }

  snapshot(): BreakerSnapshot {
    const stats = this.breaker.stats;
    const open = this.state === 'open' && this.openedAt !== undefined;
    return {
      name: this.name,
      state: this.state,
      window: {
        calls: stats.fires,
        failures: stats.failures,
        rejected: stats.rejects,
        windowMs: this.policy.rollingWindowMs,
      },
      ...(this.openedAt !== undefined ? { openedAt: new Date(this.openedAt).toISOString() } : {}),
      ...(open ? { probeAt: new Date(this.openedAt! + this.policy.resetTimeoutMs).toISOString() } : {}),
    };
  }

  /** The policy in force: the one it was built with, with the changes `updatePolicy` took. */
  get currentPolicy(): ResiliencePolicy {
    return this.policy;
  }

  /**
   * Takes a new policy while running (live config): timeouts, retries and back-off apply from the next call, the
   * failure threshold from the next failure, the reset timeout from the next opening. The rolling window, its
   * buckets and the volume threshold stay as built (`POLICY_FIELDS_FIXED_AT_START`): a change to them throws,
   * as does an inconsistent policy, and nothing is changed then.
   */
  updatePolicy(policy: ResiliencePolicy): void {
    const problems = policyProblems(policy);
    const fixed = POLICY_FIELDS_FIXED_AT_START.filter((field) => policy[field] !== this.policy[field]);
    if (fixed.length) problems.push(`${fixed.join(', ')} take a restart`);
    if (problems.length) throw new Error(`breaker "${this.name}": ${problems.join('; ')}`);
    this.policy = { ...policy };
    // Not in @types/opossum, but opossum 9 keeps its options on the instance and reads these two when used.
    const options = (this.breaker as unknown as { options: LiveBreakerOptions }).options;
    options.errorThresholdPercentage = policy.errorThresholdPercentage;
    options.resetTimeout = policy.resetTimeoutMs;
  }

  /** Stops the breaker's timers; later calls are refused. */
  shutdown(): void {
    this.breaker.shutdown();
  }

  /** One attempt through the breaker, with an AbortSignal that fires at its time limit. */
  private async attempt(args: TArgs, deadline: number): Promise<TResult> {
    const limitMs = Math.max(1, Math.min(this.policy.attemptTimeoutMs, deadline - Date.now()));
    const controller = new AbortController();
    const timer = setTimeout(() => {
      this.options.observer?.event(this.name, 'attempt_timeout');
      controller.abort(new AttemptTimeoutError(this.name, limitMs));
    }, limitMs);
    // The race ends the attempt at its limit even when the action ignores the signal.
    const timedOut = new Promise<never>((_, reject) =>
      controller.signal.addEventListener('abort', () => reject(controller.signal.reason as Error), {
        once: true,
      }),
    );
    try {
      return await Promise.race([this.breaker.fire(controller.signal, ...args), timedOut]);
    } catch (error) {
      throw controller.signal.aborted ? controller.signal.reason : error;
    } finally {
      clearTimeout(timer);
    }
  }

  private answerWhileOpen(error: Error): TResult {
    this.options.observer?.event(this.name, 'fallback');
    if (this.options.whenOpen) return this.options.whenOpen(error);
    throw error;
  }

  private finished(outcome: CallOutcome, started: number): void {
    this.options.observer?.finished(this.name, outcome, nowSeconds() - started);
  }

  private wireEvents(): void {
    const observer = this.options.observer;
    const count = (event: BreakerEvent) => () => observer?.event(this.name, event);
    this.breaker.on('success', count('success'));
    this.breaker.on('failure', count('failure'));
    this.breaker.on('reject', count('reject'));
    this.breaker.on('open', () => {
      this.openedAt = Date.now();
      observer?.event(this.name, 'open');
      observer?.state(this.name, 'open');
    });
    this.breaker.on('halfOpen', () => {
      observer?.event(this.name, 'half_open');
      observer?.state(this.name, 'half-open');
    });
    this.breaker.on('close', () => {
      observer?.event(this.name, 'close');
      observer?.state(this.name, 'closed');
    });
    observer?.state(this.name, 'closed');
  }
}

/** opossum's refusals without calling: open (or half-open with its probe in flight), or shut down. */
function isBreakerRefusal(error: unknown): error is Error {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && (code === 'EOPENBREAKER' || code === 'ESHUTDOWN');
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

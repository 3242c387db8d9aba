/** An attempt that did not answer within the policy's `attemptTimeoutMs`; its AbortSignal was fired. */
export class AttemptTimeoutError extends Error {
  readonly code = 'ETIMEDOUT';
  constructor(
    readonly dependency: string,
    readonly timeoutMs: number,
  ) {
    super(`${dependency} did not answer within ${timeoutMs} ms`);
    this.name = 'AttemptTimeoutError';
  }
}

/** What became of one call, as the duration histogram and the attempt log name it. */
export type CallOutcome =
  /** answered (a refusal the dependency gave on purpose, such as a decline, counts as answered) */
  | 'ok'
  /** failed after its last allowed attempt */
  | 'failed'
  /** every attempt timed out, or the total budget ran out */
  | 'timeout'
  /** not attempted: the breaker was open (the fallback answered) */
  | 'rejected';

/** How a failure of the protected action is treated. */
export interface FailurePolicy {
  /**
   * Worth another attempt: the dependency may answer differently next time (a timeout, a 5xx, a refused
   * connection). Never a business refusal such as a card decline. Timeouts are always retryable.
   */
  isRetryable(error: unknown): boolean;
  /**
   * A failure that says nothing about the dependency's health (a 4xx for a bad request): passed to the caller
   * as it is, not counted by the breaker. Defaults to "not retryable".
   */
  isCallersFault?(error: unknown): boolean;
}

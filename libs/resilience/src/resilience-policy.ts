/**
 * How calls to one outside dependency are protected: each attempt bounded in time, retryable failures retried
 * with jittered exponential back-off within a total budget, and a circuit breaker that stops calling a
 * dependency that keeps failing. Every field comes from the owning app's configuration.
 */
export interface ResiliencePolicy {
  /** One attempt's time limit; the attempt's AbortSignal fires when it passes. */
  attemptTimeoutMs: number;
  /** Retries after the first attempt, for retryable failures only. */
  retries: number;
  /** The back-off before the first retry, doubled for each next one, capped at `retryMaxDelayMs`. */
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
  /** The whole call's time limit, retries included: no attempt starts that could not finish within it. */
  totalTimeoutMs: number;
  /** The share of failed calls, in percent, over the rolling window that opens the breaker. */
  errorThresholdPercentage: number;
  /** The rolling window the failure share is measured over, and its number of buckets. */
  rollingWindowMs: number;
  rollingBuckets: number;
  /** The fewest calls in the window before the failure share can open the breaker. */
  volumeThreshold: number;
  /** How long the breaker stays open before it lets one probe call through (half-open). */
  resetTimeoutMs: number;
}

/** Defaults for a card processor: a few hundred ms per call, two retries, a breaker that trips on 50% of 10. */
export const DEFAULT_RESILIENCE_POLICY: ResiliencePolicy = {
  attemptTimeoutMs: 2_000,
  retries: 2,
  retryBaseDelayMs: 100,
  retryMaxDelayMs: 1_000,
  totalTimeoutMs: 8_000,
  errorThresholdPercentage: 50,
  rollingWindowMs: 10_000,
  rollingBuckets: 10,
  volumeThreshold: 10,
  resetTimeoutMs: 5_000,
};

/** The policy's inconsistencies, as sentences naming the fields; empty when it is sound. */
export function policyProblems(policy: ResiliencePolicy): string[] {
  const problems: string[] = [];
  if (policy.totalTimeoutMs < policy.attemptTimeoutMs)
    problems.push('totalTimeoutMs must be at least attemptTimeoutMs (one attempt must fit)');
  if (policy.retryMaxDelayMs < policy.retryBaseDelayMs)
    problems.push('retryMaxDelayMs must be at least retryBaseDelayMs');
  if (policy.rollingWindowMs % policy.rollingBuckets !== 0)
    problems.push('rollingWindowMs must be a multiple of rollingBuckets');
  return problems;
}

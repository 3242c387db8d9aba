/** The state of one circuit breaker, as readiness details and the admin API show it. */
export interface BreakerView {
  name: string;
  state: 'closed' | 'open' | 'half-open';
  /** Calls, failures and rejections in the current rolling window. */
  window: { calls: number; failures: number; rejected: number; windowMs: number };
  /** When it last opened (ISO 8601), and when it lets its probe through (while open). */
  openedAt?: string;
  probeAt?: string;
}

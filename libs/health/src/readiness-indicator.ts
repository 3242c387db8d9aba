/** Something readiness depends on: the database, a downstream service, the process not shutting down. */
export interface ReadinessIndicator {
  readonly name: string;
  check(): Promise<ReadinessResult>;
}

export interface ReadinessResult {
  up: boolean;
  details?: Record<string, unknown>;
}

export const READINESS_INDICATORS = Symbol('READINESS_INDICATORS');

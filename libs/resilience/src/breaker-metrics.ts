import { Injectable } from '@nestjs/common';
import {
  InjectMetric,
  makeCounterProvider,
  makeGaugeProvider,
  makeHistogramProvider,
} from '@willsoto/nestjs-prometheus';
import { Counter, Gauge, Histogram } from 'prom-client';
import { CallOutcome } from './failures';
import { BreakerEvent, BreakerObserver, BreakerState } from './resilient-call';

const STATE = 'circuit_breaker_state';
const EVENTS = 'circuit_breaker_events_total';
const DURATION = 'dependency_call_duration_seconds';

/** The gauge's value per state: alerts compare against 2 (open). */
export const BREAKER_STATE_VALUE: Record<BreakerState, number> = { closed: 0, 'half-open': 1, open: 2 };

export const breakerMetricProviders = [
  makeGaugeProvider({
    name: STATE,
    help: 'Circuit breaker state per dependency: 0 closed, 1 half-open, 2 open',
    labelNames: ['breaker'],
  }),
  makeCounterProvider({
    name: EVENTS,
    help: 'Circuit breaker events per dependency (success, failure, reject, open, half_open, close, retry, attempt_timeout, fallback)',
    labelNames: ['breaker', 'event'],
  }),
  makeHistogramProvider({
    name: DURATION,
    help: 'Duration of calls to an outside dependency, retries included, by outcome (ok, failed, timeout, rejected)',
    labelNames: ['dependency', 'outcome'],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  }),
];

/** Breaker state, events and call durations on the service's `/metrics`. */
@Injectable()
export class BreakerMetrics implements BreakerObserver {
  constructor(
    @InjectMetric(STATE) private readonly stateGauge: Gauge<string>,
    @InjectMetric(EVENTS) private readonly events: Counter<string>,
    @InjectMetric(DURATION) private readonly duration: Histogram<string>,
  ) {}

  state(dependency: string, state: BreakerState): void {
    this.stateGauge.set({ breaker: dependency }, BREAKER_STATE_VALUE[state]);
  }

  event(dependency: string, event: BreakerEvent): void {
    this.events.inc({ breaker: dependency, event });
  }

  finished(dependency: string, outcome: CallOutcome, seconds: number): void {
    this.duration.observe({ dependency, outcome }, seconds);
  }
}

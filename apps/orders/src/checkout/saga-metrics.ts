import { Injectable } from '@nestjs/common';
import { InjectMetric, makeCounterProvider, makeHistogramProvider } from '@willsoto/nestjs-prometheus';
import { Counter, Histogram } from 'prom-client';
import { OrderStatus } from '@bazaar/contracts';
import { StepRecord } from './order-records';
import { needsWork } from './order-state-machine';

const TRANSITIONS = 'saga_transitions_total';
const STEPS = 'saga_steps_total';
const SETTLE = 'saga_settle_duration_seconds';
const SAGA = 'checkout';

export const sagaMetricProviders = [
  makeCounterProvider({
    name: TRANSITIONS,
    help: 'Saga transitions applied, by saga and the status left and entered (from="new" when placed)',
    labelNames: ['saga', 'from', 'to'],
  }),
  makeCounterProvider({
    name: STEPS,
    help: 'Saga step-log entries written, by saga, step, kind (forward, compensation) and outcome (planned, succeeded, failed)',
    labelNames: ['saga', 'step', 'kind', 'outcome'],
  }),
  makeHistogramProvider({
    name: SETTLE,
    help: 'Time from placing an order to the status its saga settles in (CONFIRMED, REJECTED, CANCELLED, REFUNDED, COMPENSATION_FAILED)',
    labelNames: ['saga', 'status'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900, 3600],
  }),
];

/**
 * The checkout saga on `/metrics`, counted where it is written down (OrderRepository), after each transaction
 * commits: a refused or rolled-back write counts nothing. Outcomes and time to settle feed the dashboards and the
 * "saga stuck" and "compensation failed" alerts.
 */
@Injectable()
export class SagaMetrics {
  constructor(
    @InjectMetric(TRANSITIONS) private readonly transitions: Counter<string>,
    @InjectMetric(STEPS) private readonly steps: Counter<string>,
    @InjectMetric(SETTLE) private readonly settle: Histogram<string>,
  ) {}

  transitioned(from: OrderStatus | 'new', to: OrderStatus, placedAt: Date): void {
    this.transitions.inc({ saga: SAGA, from, to });
    if (!needsWork(to))
      this.settle.observe({ saga: SAGA, status: to }, (Date.now() - placedAt.getTime()) / 1000);
  }

  stepLogged(entry: Pick<StepRecord, 'step' | 'kind' | 'outcome'>): void {
    this.steps.inc({ saga: SAGA, step: entry.step, kind: entry.kind, outcome: entry.outcome });
  }
}

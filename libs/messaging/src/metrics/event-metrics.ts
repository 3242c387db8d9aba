import { Injectable } from '@nestjs/common';
import {
  InjectMetric,
  makeCounterProvider,
  makeGaugeProvider,
  makeHistogramProvider,
} from '@willsoto/nestjs-prometheus';
import { Counter, Gauge, Histogram } from 'prom-client';

const CONSUMED = 'events_consumed_total';
const HANDLER_DURATION = 'event_handler_duration_seconds';
const OUTBOX_PENDING = 'outbox_pending_events';
const OUTBOX_LAG = 'outbox_lag_seconds';
const OUTBOX_PUBLISHED = 'outbox_published_total';
const OUTBOX_FAILURES = 'outbox_publish_failures_total';

export const eventMetricProviders = [
  makeCounterProvider({
    name: CONSUMED,
    help: 'Event deliveries by type and outcome (handled, duplicate, retried, dead-lettered, skipped)',
    labelNames: ['type', 'outcome'],
  }),
  makeHistogramProvider({
    name: HANDLER_DURATION,
    help: 'Event handler duration by type and outcome',
    labelNames: ['type', 'outcome'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  }),
  makeGaugeProvider({
    name: OUTBOX_PENDING,
    help: 'Outbox events recorded but not yet confirmed by the bus',
  }),
  makeGaugeProvider({
    name: OUTBOX_LAG,
    help: 'Age of the oldest outbox event not yet confirmed by the bus (0 when none is waiting)',
  }),
  makeCounterProvider({
    name: OUTBOX_PUBLISHED,
    help: 'Outbox events the bus confirmed',
    labelNames: ['type'],
  }),
  makeCounterProvider({
    name: OUTBOX_FAILURES,
    help: 'Outbox publish attempts the bus refused or did not confirm',
  }),
];

/** The messaging library's Prometheus metrics, on the service's `/metrics`. */
@Injectable()
export class EventMetrics {
  constructor(
    @InjectMetric(CONSUMED) private readonly consumedTotal: Counter<string>,
    @InjectMetric(HANDLER_DURATION) private readonly handlerDuration: Histogram<string>,
    @InjectMetric(OUTBOX_PENDING) private readonly outboxPending: Gauge<string>,
    @InjectMetric(OUTBOX_LAG) private readonly outboxLag: Gauge<string>,
    @InjectMetric(OUTBOX_PUBLISHED) private readonly outboxPublished: Counter<string>,
    @InjectMetric(OUTBOX_FAILURES) private readonly outboxFailures: Counter<string>,
  ) {}

  consumed(type: string, outcome: 'handled' | 'duplicate' | 'retried' | 'dead-lettered' | 'skipped'): void {
    this.consumedTotal.inc({ type, outcome });
  }

  startHandling(type: string): (outcome: string) => void {
    const end = this.handlerDuration.startTimer({ type });
    return (outcome) => {
      end({ outcome });
    };
  }

  outboxState(pending: number, lagSeconds: number): void {
    this.outboxPending.set(pending);
    this.outboxLag.set(lagSeconds);
  }

  published(type: string): void {
    this.outboxPublished.inc({ type });
  }

  publishFailed(): void {
    this.outboxFailures.inc();
  }
}

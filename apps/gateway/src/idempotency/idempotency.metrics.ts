import { makeCounterProvider } from '@willsoto/nestjs-prometheus';

export const IDEMPOTENCY_OUTCOMES = 'gateway_idempotency_requests_total';

/** What happened to a request that carried an Idempotency-Key. */
export type IdempotencyOutcome = 'stored' | 'replayed' | 'in_use' | 'reused' | 'released';

export const idempotencyMetricProviders = [
  makeCounterProvider({
    name: IDEMPOTENCY_OUTCOMES,
    help:
      'POSTs with an Idempotency-Key by outcome: stored (first answer kept), replayed, in_use (409), reused ' +
      '(422), released (a 5xx, a 400 or an answer not storable: the key was freed for a retry)',
    labelNames: ['outcome'],
  }),
];

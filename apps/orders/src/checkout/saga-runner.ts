import { ClaimedSaga } from './order-records';

/** The Nest token of the SagaRunner the resumer hands claimed sagas to. */
export const SAGA_RUNNER = Symbol('SAGA_RUNNER');

/**
 * Runs a claimed saga as far as it can go now. It writes only with `saga.lease` (refreshing it from each applied
 * transition), and ends by reaching a status with no more work, or by releasing the lease with the time the saga
 * should run next; if it does neither (it threw, or the process died), the saga is claimed again once the lease
 * expires. Every step must be safe to run twice: keys from `stepKey`, state guards from the state machine.
 */
export interface SagaRunner {
  advance(saga: ClaimedSaga): Promise<void>;
}

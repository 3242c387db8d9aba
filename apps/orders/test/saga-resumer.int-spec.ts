import { Injectable, Module } from '@nestjs/common';
import { BootedService, bootService } from '../../../test/support/boot-service';
import { eventually } from '../../../test/support/eventually';
import { ORDERS_FOUNDATION } from '../src/app.module';
import { CheckoutModule } from '../src/checkout/checkout.module';
import { OrderRepository } from '../src/checkout/order.repository';
import { SagaLeases } from '../src/checkout/saga-leases';
import { ClaimedSaga, OrderRecord } from '../src/checkout/order-records';
import { SagaResumer } from '../src/checkout/saga-resumer';
import { SAGA_RUNNER, SagaRunner } from '../src/checkout/saga-runner';
import { SAGA_STEPS } from '../src/checkout/saga-steps';
import { newOrder, OrdersStoreModule } from './saga-fixtures';

/** Keeps what it was handed; it fails on purpose for orders paid with `tok_runner_throws`. */
@Injectable()
class RecordingRunner implements SagaRunner {
  readonly given: ClaimedSaga[] = [];

  advance(saga: ClaimedSaga): Promise<void> {
    this.given.push(saga);
    if (saga.order.cardToken === 'tok_runner_throws') return Promise.reject(new Error('runner failed'));
    return Promise.resolve();
  }
}

@Module({ imports: [...ORDERS_FOUNDATION, CheckoutModule.withRunner(RecordingRunner)] })
class ResumingOrdersModule {}

/**
 * The resume loop on orders' real database: sagas left by an instance that crashed (never started, or leased and
 * then abandoned) are claimed by a live instance on start and as their leases expire, and handed to the runner;
 * sagas another live instance holds, finished ones and ones scheduled later are not.
 */
describe('orders: the saga resumer', () => {
  let placing: BootedService;
  let resuming: BootedService | undefined;
  let orders: OrderRepository;
  let leases: SagaLeases;

  beforeAll(async () => {
    // The instance that placed the orders (and, for the test, never resumes them).
    placing = await bootService('orders', OrdersStoreModule);
    orders = placing.service.app.get(OrderRepository);
    leases = placing.service.app.get(SagaLeases);
  });

  afterAll(async () => {
    await resuming?.close();
    await placing?.close();
  });

  it('claims due and abandoned sagas on start and as leases expire, and no other', async () => {
    const place = async (overrides: Parameters<typeof newOrder>[0] = {}) =>
      (await orders.create(newOrder(overrides))).order;
    const neverStarted = await place();
    const abandoned = await place({ lease: { owner: 'killed-instance', leaseMs: 300 } });
    const runnerThrows = await place({ cardToken: 'tok_runner_throws' });
    const heldByLiveInstance = await place({ lease: { owner: 'live-instance', leaseMs: 60_000 } });
    const scheduledLater = await place({ lease: { owner: 'live-instance', leaseMs: 60_000 } });
    await leases.release(leaseOf(scheduledLater, 'live-instance'), new Date(Date.now() + 60_000));
    const finished = await place({ lease: { owner: 'live-instance', leaseMs: 60_000 } });
    await orders.transition(leaseOf(finished, 'live-instance'), 'outOfStock', {
      step: SAGA_STEPS.reserveStock,
      kind: 'forward',
      outcome: 'failed',
    });

    resuming = await bootService('orders', ResumingOrdersModule, {
      ORDERS_DATABASE_URL: placing.database.url,
      ORDERS_SAGA_POLL_MS: '50',
      ORDERS_SAGA_LEASE_MS: '400',
      ORDERS_PAYMENTS_TIMEOUT_MS: '300',
      ORDERS_SAGA_BATCH: '2',
    });
    const runner = resuming.service.app.get<RecordingRunner>(SAGA_RUNNER);
    const owner = resuming.service.app.get(SagaResumer).owner;
    const handed = () => runner.given.map((saga) => saga.order.id);

    // The ones never started come at once, the abandoned one when its lease has run out.
    await eventually(
      () => Promise.resolve(handed()),
      (ids) => [neverStarted.id, runnerThrows.id, abandoned.id].every((id) => ids.includes(id)),
      5_000,
      'the due and abandoned sagas to be handed to the runner',
    );
    for (const saga of runner.given) {
      expect(saga.lease).toEqual({ orderId: saga.order.id, owner, version: saga.order.version });
      expect(saga.order).toMatchObject({ leaseOwner: owner, status: 'PENDING' });
    }
    expect(runner.given.find((saga) => saga.order.id === abandoned.id)?.order).toMatchObject({
      version: 2,
      claims: 2,
      lines: abandoned.lines,
    });

    // Neither finished nor released (the runner returned, or threw): each is claimed again when its lease expires,
    // with a new fencing version.
    await eventually(
      () => Promise.resolve(handed()),
      (ids) =>
        [neverStarted.id, runnerThrows.id].every((id) => ids.filter((seen) => seen === id).length >= 2),
      5_000,
      'the unreleased sagas to be claimed again',
    );
    const versions = runner.given
      .filter((saga) => saga.order.id === runnerThrows.id)
      .map((saga) => saga.lease.version);
    expect(versions.slice(0, 2)).toEqual([1, 2]);

    expect(handed()).not.toContain(heldByLiveInstance.id);
    expect(handed()).not.toContain(scheduledLater.id);
    expect(handed()).not.toContain(finished.id);
  });
});

const leaseOf = (order: OrderRecord, owner: string) => ({ orderId: order.id, owner, version: order.version });

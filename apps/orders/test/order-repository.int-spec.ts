import { readEnvelope } from '@bazaar/messaging';
import { DomainError } from '@bazaar/platform';
import { BootedService, bootService } from '../../../test/support/boot-service';
import { eventually } from '../../../test/support/eventually';
import { queryDatabase } from '../../../test/support/test-database';
import { OrderRepository } from '../src/checkout/order.repository';
import { SagaLeases } from '../src/checkout/saga-leases';
import { SagaLease } from '../src/checkout/order-records';
import { requestHash } from '../src/checkout/request-hash';
import { SAGA_STEPS } from '../src/checkout/saga-steps';
import { newOrder, OrdersStoreModule } from './saga-fixtures';

/**
 * The saga's store on orders' real, migrated database: what each write leaves behind (status, step log, outbox, in
 * one transaction or not at all), the fence that refuses a stale instance, and claims shared by competing owners.
 */
describe('orders: the saga store and its leases', () => {
  let booted: BootedService;
  let orders: OrderRepository;
  let leases: SagaLeases;

  beforeAll(async () => {
    booted = await bootService('orders', OrdersStoreModule);
    orders = booted.service.app.get(OrderRepository);
    leases = booted.service.app.get(SagaLeases);
  });

  afterAll(async () => {
    await booted?.close();
  });

  const sql = <T extends object>(text: string, values: unknown[] = []) =>
    queryDatabase<T>(booted.database.url, text, values);
  /** The order's events as the outbox keeps them; each must read as a consumer reads it (its payload's rules). */
  const eventsOf = async (orderId: string) => {
    const rows = await sql<{ type: string; envelope: { payload: Record<string, unknown> } }>(
      `SELECT type, envelope FROM outbox WHERE aggregate_id = $1 ORDER BY seq`,
      [orderId],
    );
    for (const row of rows) expect(readEnvelope(row.envelope)).toMatchObject({ ok: true });
    return rows.map((row) => ({ type: row.type, payload: row.envelope.payload }));
  };
  const stepsOf = async (orderId: string) =>
    (await orders.steps(orderId)).map(({ step, kind, outcome, attempt, detail, status }) => ({
      step,
      kind,
      outcome,
      attempt,
      detail,
      status,
    }));
  /** Everything a refused write must leave as it was. */
  const footprint = async (orderId: string) => ({
    order: await orders.findById(orderId),
    steps: await orders.steps(orderId),
    events: await eventsOf(orderId),
  });
  /** A placed order claimed by `owner`, as a resumer gets it. */
  const claimedOrder = async (owner: string, leaseMs = 30_000) => {
    const { order } = await orders.create(newOrder({ lease: { owner, leaseMs } }));
    const lease: SagaLease = { orderId: order.id, owner, version: order.version };
    return { order, lease };
  };
  const expireLease = (orderId: string) =>
    sql(`UPDATE "order" SET lease_until = now() - interval '1 second', next_run_at = now() WHERE id = $1`, [
      orderId,
    ]);

  describe('placing an order', () => {
    it('writes the order, its lines, its first step and orders.order.placed.v1 together', async () => {
      const input = newOrder();
      const { order, created } = await orders.create(input);
      expect(created).toBe(true);
      expect(order).toMatchObject({
        userId: input.userId,
        status: 'PENDING',
        currency: 'EUR',
        total: 2 * 1_250 + 1_999,
        shippingAddress: input.shippingAddress,
        idempotencyKey: input.idempotencyKey,
        lines: input.lines,
        leaseOwner: null,
        version: 0,
        stepAttempts: 0,
      });
      // Due at once for any resumer.
      expect(order.nextRunAt!.getTime()).toBeLessThanOrEqual(Date.now() + 1_000);
      expect(order.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/);
      await expect(orders.findById(order.id)).resolves.toEqual(order);
      expect(await stepsOf(order.id)).toEqual([
        { step: 'place', kind: 'forward', outcome: 'succeeded', attempt: 1, detail: null, status: 'PENDING' },
      ]);
      expect(await eventsOf(order.id)).toEqual([
        {
          type: 'orders.order.placed.v1',
          payload: {
            orderId: order.id,
            userId: input.userId,
            status: 'PENDING',
            currency: 'EUR',
            total: 4_499,
            lines: input.lines,
            occurredAt: expect.any(String),
          },
        },
      ]);
    });

    it('can place the order already leased to the instance that will run it', async () => {
      const { order } = await claimedOrder('instance-a', 10_000);
      expect(order).toMatchObject({ leaseOwner: 'instance-a', version: 1, claims: 1 });
      expect(order.leaseUntil!.getTime() - Date.now()).toBeGreaterThan(5_000);
      // Nobody else claims it while the lease holds.
      expect((await leases.claimDue('instance-b', 1_000, 1_000)).map((s) => s.order.id)).not.toContain(
        order.id,
      );
    });

    it('answers the same order for the same Idempotency-Key and request, writing nothing more', async () => {
      const input = newOrder();
      const first = await orders.create(input);
      // The same request with its fields in another order hashes the same.
      const again = await orders.create({ ...input, requestHash: requestHash(reordered(input)) });
      expect(again).toEqual({ order: first.order, created: false });
      expect(await eventsOf(first.order.id)).toHaveLength(1);
      expect(await stepsOf(first.order.id)).toHaveLength(1);
    });

    it('refuses the same Idempotency-Key with another request, writing nothing', async () => {
      const input = newOrder();
      const { order } = await orders.create(input);
      const other = newOrder({
        userId: input.userId,
        idempotencyKey: input.idempotencyKey,
        cardToken: 'tok_other',
      });
      other.requestHash = requestHash({ ...reordered(input), cardToken: 'tok_other' });
      const refusal = await orders.create(other).catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(DomainError);
      expect(refusal).toMatchObject({
        code: 'IDEMPOTENCY_KEY_REUSED',
        details: { idempotencyKey: input.idempotencyKey },
      });
      const [{ count }] = await sql<{ count: number }>(
        `SELECT count(*)::int AS count FROM "order" WHERE user_id = $1`,
        [input.userId],
      );
      expect(count).toBe(1);
      await expect(orders.findById(order.id)).resolves.toEqual(order);
      // Another shopper may use the same key.
      await expect(orders.create(newOrder({ idempotencyKey: input.idempotencyKey }))).resolves.toMatchObject({
        created: true,
      });
    });

    it('makes one order of concurrent duplicates', async () => {
      const input = newOrder();
      const answers = await Promise.all(Array.from({ length: 12 }, () => orders.create(input)));
      const ids = new Set(answers.map((answer) => answer.order.id));
      expect(ids.size).toBe(1);
      expect(answers.filter((answer) => answer.created)).toHaveLength(1);
      const [id] = [...ids];
      expect(await eventsOf(id)).toHaveLength(1);
      expect(await stepsOf(id)).toHaveLength(1);
      const [{ count }] = await sql<{ count: number }>(
        `SELECT count(*)::int AS count FROM order_line WHERE order_id = $1`,
        [id],
      );
      expect(count).toBe(2);
    });
  });

  describe('transitions', () => {
    it('writes the status, the step-log entry and the event in one transaction, and raises the version', async () => {
      const { order, lease } = await claimedOrder('instance-a');
      const reservationExpiresAt = new Date(Date.now() + 15 * 60_000);
      const result = await orders.transition(
        lease,
        'stockReserved',
        { step: SAGA_STEPS.reserveStock, kind: 'forward', outcome: 'succeeded' },
        { reservationExpiresAt },
      );
      expect(result).toMatchObject({
        applied: true,
        order: { status: 'STOCK_RESERVED', version: 2, leaseOwner: 'instance-a', reservationExpiresAt },
        lease: { orderId: order.id, owner: 'instance-a', version: 2 },
      });
      await expect(orders.findById(order.id)).resolves.toEqual(result.applied && result.order);
      expect((await stepsOf(order.id)).at(-1)).toEqual({
        step: 'reserve-stock',
        kind: 'forward',
        outcome: 'succeeded',
        attempt: 1,
        detail: null,
        status: 'STOCK_RESERVED',
      });
      expect((await eventsOf(order.id)).map((event) => event.type)).toEqual([
        'orders.order.placed.v1',
        'orders.order.stock_reserved.v1',
      ]);
    });

    it('writes neither status nor step when its event cannot be written', async () => {
      const { order, lease } = await claimedOrder('instance-a');
      const before = await footprint(order.id);
      // The outbox refuses this one event type, as a full disk or a lost connection would at that moment.
      await sql(
        `ALTER TABLE outbox ADD CONSTRAINT no_stock_reserved CHECK (type <> 'orders.order.stock_reserved.v1') NOT VALID`,
      );
      try {
        await expect(
          orders.transition(lease, 'stockReserved', {
            step: SAGA_STEPS.reserveStock,
            kind: 'forward',
            outcome: 'succeeded',
          }),
        ).rejects.toThrow(/no_stock_reserved/);
      } finally {
        await sql(`ALTER TABLE outbox DROP CONSTRAINT no_stock_reserved`);
      }
      expect(await footprint(order.id)).toEqual(before);
    });

    it('refuses an illegal transition and writes nothing', async () => {
      const { order, lease } = await claimedOrder('instance-a');
      const before = await footprint(order.id);
      await expect(
        orders.transition(lease, 'paymentAuthorized', {
          step: SAGA_STEPS.authorizePayment,
          kind: 'forward',
          outcome: 'succeeded',
        }),
      ).resolves.toEqual({
        applied: false,
        reason: 'illegal-transition',
        detail: 'paymentAuthorized does not apply to an order that is PENDING',
      });
      expect(await footprint(order.id)).toEqual(before);
    });

    it('drops a late reply once the saga is over', async () => {
      const { order, lease } = await claimedOrder('instance-a');
      const rejected = await orders.transition(lease, 'outOfStock', {
        step: SAGA_STEPS.reserveStock,
        kind: 'forward',
        outcome: 'failed',
        detail: 'INSUFFICIENT_STOCK: MUG-001',
      });
      expect(rejected).toMatchObject({
        applied: true,
        // Over: no lease, never due again.
        order: { status: 'REJECTED', leaseOwner: null, leaseUntil: null, nextRunAt: null },
      });
      expect((await eventsOf(order.id)).at(-1)).toMatchObject({
        type: 'orders.order.rejected.v1',
        payload: { status: 'REJECTED', reason: 'INSUFFICIENT_STOCK: MUG-001' },
      });
      // The lease went with it: any later write from the former owner is refused.
      const late = await orders.transition({ ...lease, version: lease.version + 1 }, 'stockReserved', {
        step: SAGA_STEPS.reserveStock,
        kind: 'forward',
        outcome: 'succeeded',
      });
      expect(late).toMatchObject({ applied: false, reason: 'stale-lease' });
    });

    it("refuses a stale instance's writes after another claimed the saga, and writes nothing", async () => {
      const { order, lease: staleLease } = await claimedOrder('instance-a', 30_000);
      await expireLease(order.id);
      const [taken] = (await leases.claimDue('instance-b', 30_000, 1_000)).filter(
        (s) => s.order.id === order.id,
      );
      expect(taken.lease).toEqual({ orderId: order.id, owner: 'instance-b', version: 2 });
      expect(taken.order).toMatchObject({ leaseOwner: 'instance-b', claims: 2 });
      const before = await footprint(order.id);

      const reserve = { step: SAGA_STEPS.reserveStock, kind: 'forward', outcome: 'succeeded' } as const;
      await expect(orders.transition(staleLease, 'stockReserved', reserve)).resolves.toMatchObject({
        applied: false,
        reason: 'stale-lease',
      });
      // The same owner name with the old version is refused too: the version is the fence.
      await expect(
        orders.transition({ ...taken.lease, version: 1 }, 'stockReserved', reserve),
      ).resolves.toMatchObject({ applied: false, reason: 'stale-lease' });
      await expect(orders.planCompensation(staleLease, SAGA_STEPS.releaseStock)).resolves.toBe(false);
      await expect(orders.recordStep(staleLease, { ...reserve, outcome: 'failed' })).resolves.toBeNull();
      await expect(leases.renew(staleLease, 60_000)).resolves.toBe(false);
      await expect(leases.release(staleLease, new Date())).resolves.toBe(false);
      expect(await footprint(order.id)).toEqual(before);

      // The new owner's write goes through.
      await expect(orders.transition(taken.lease, 'stockReserved', reserve)).resolves.toMatchObject({
        applied: true,
        order: { status: 'STOCK_RESERVED', version: 3 },
      });
    });

    it('reads the step log in the order it was written, past any number of digits', async () => {
      const { order, lease } = await claimedOrder('instance-a');
      // Ids 99, 100, 101: as text, "100" would sort before "99".
      await sql(`SELECT setval(pg_get_serial_sequence('saga_step', 'id'), 98)`);
      const reserve = { step: SAGA_STEPS.reserveStock, kind: 'forward', outcome: 'failed' } as const;
      for (const detail of ['first', 'second', 'third'])
        await orders.recordStep(lease, { ...reserve, detail });
      expect((await stepsOf(order.id)).map((entry) => entry.detail)).toEqual([
        null,
        'first',
        'second',
        'third',
      ]);
    });

    it('logs a compensation as planned (once) before its forward step, then counts the attempts', async () => {
      const { order, lease } = await claimedOrder('instance-a');
      await expect(orders.planCompensation(lease, SAGA_STEPS.releaseStock)).resolves.toBe(true);
      // Planned again by a retry or a restarted instance: logged once.
      await expect(orders.planCompensation(lease, SAGA_STEPS.releaseStock)).resolves.toBe(true);
      const reserve = { step: SAGA_STEPS.reserveStock, kind: 'forward' } as const;
      await expect(
        orders.recordStep(lease, { ...reserve, outcome: 'failed', detail: 'inventory timeout' }),
      ).resolves.toBe(1);
      await expect(
        orders.recordStep(lease, { ...reserve, outcome: 'failed', detail: 'inventory timeout' }),
      ).resolves.toBe(2);
      await expect(orders.findById(order.id)).resolves.toMatchObject({ stepAttempts: 2, version: 1 });
      const reserved = await orders.transition(lease, 'stockReserved', { ...reserve, outcome: 'succeeded' });
      expect(reserved).toMatchObject({ applied: true, order: { stepAttempts: 0 } });
      expect(await stepsOf(order.id)).toEqual([
        expect.objectContaining({ step: 'place', outcome: 'succeeded' }),
        {
          step: 'release-stock',
          kind: 'compensation',
          outcome: 'planned',
          attempt: 0,
          detail: null,
          status: 'PENDING',
        },
        {
          step: 'reserve-stock',
          kind: 'forward',
          outcome: 'failed',
          attempt: 1,
          detail: 'inventory timeout',
          status: 'PENDING',
        },
        {
          step: 'reserve-stock',
          kind: 'forward',
          outcome: 'failed',
          attempt: 2,
          detail: 'inventory timeout',
          status: 'PENDING',
        },
        {
          step: 'reserve-stock',
          kind: 'forward',
          outcome: 'succeeded',
          attempt: 3,
          detail: null,
          status: 'STOCK_RESERVED',
        },
      ]);
    });

    it('parks a saga whose compensation is exhausted: no resumer claims it', async () => {
      const { order, lease } = await claimedOrder('instance-a');
      const cancelling = await orders.transition(lease, 'cancelRequested', {
        step: SAGA_STEPS.releaseStock,
        kind: 'compensation',
        outcome: 'failed',
        detail: 'cancelled by the shopper',
      });
      if (!cancelling.applied) throw new Error(cancelling.detail);
      const parked = await orders.transition(cancelling.lease, 'compensationExhausted', {
        step: SAGA_STEPS.releaseStock,
        kind: 'compensation',
        outcome: 'failed',
        detail: 'inventory unreachable',
      });
      expect(parked).toMatchObject({
        applied: true,
        order: { status: 'COMPENSATION_FAILED', leaseOwner: null, nextRunAt: null },
      });
      expect((await eventsOf(order.id)).map((event) => event.type)).toEqual([
        'orders.order.placed.v1',
        'orders.order.cancelling.v1',
        'orders.order.compensation_failed.v1',
      ]);
      expect((await leases.claimDue('instance-b', 1_000, 1_000)).map((s) => s.order.id)).not.toContain(
        order.id,
      );

      // An admin asks for the compensations again: the parked saga is claimed on demand and becomes due.
      const admin = await leases.claim(order.id, 'admin-request', 30_000);
      if (!admin) throw new Error('the parked saga was not claimable');
      expect(admin.order.status).toBe('COMPENSATION_FAILED');
      await expect(leases.claim(order.id, 'instance-b', 30_000)).resolves.toBeNull();
      const retried = await orders.transition(
        admin.lease,
        'compensationRetried',
        {
          step: SAGA_STEPS.releaseStock,
          kind: 'compensation',
          outcome: 'failed',
          detail: 'retried by an admin',
        },
        { nextRunAt: new Date() },
      );
      if (!retried.applied) throw new Error(retried.detail);
      expect(retried.order.status).toBe('CANCELLING');
      await expect(leases.release(retried.lease, new Date())).resolves.toBe(true);
      expect((await leases.claimDue('instance-b', 1_000, 1_000)).map((s) => s.order.id)).toContain(order.id);
    });

    it('claims one saga on demand only when no live owner holds it and it is not over', async () => {
      const { order } = await claimedOrder('instance-a');
      await expect(leases.claim(order.id, 'instance-b', 30_000)).resolves.toBeNull();
      await expireLease(order.id);
      const taken = await leases.claim(order.id, 'instance-b', 30_000);
      if (!taken) throw new Error('the expired lease was not claimable');
      expect(taken.order).toMatchObject({ leaseOwner: 'instance-b', version: 2, claims: 2 });
      expect(taken.lease).toEqual({ orderId: order.id, owner: 'instance-b', version: 2 });
      await orders.transition(taken.lease, 'outOfStock', {
        step: SAGA_STEPS.reserveStock,
        kind: 'forward',
        outcome: 'failed',
      });
      await expect(leases.claim(order.id, 'instance-c', 30_000)).resolves.toBeNull();
    });
  });

  describe('claims', () => {
    it('never gives one saga to two concurrent claimers', async () => {
      // Leave no other due saga behind from earlier tests.
      await sql(`UPDATE "order" SET next_run_at = NULL`);
      const placed = await Promise.all(Array.from({ length: 40 }, () => orders.create(newOrder())));
      const claims = await Promise.all(
        Array.from({ length: 8 }, (_, i) => leases.claimDue(`claimer-${i}`, 30_000, 10)),
      );
      const claimedIds = claims.flat().map((saga) => saga.order.id);
      expect(new Set(claimedIds).size).toBe(claimedIds.length);
      expect(claimedIds.sort()).toEqual(placed.map((p) => p.order.id).sort());
      // Each holds the lease it was given, at version 1.
      for (const [i, batch] of claims.entries()) {
        for (const saga of batch)
          expect(saga.lease).toEqual({ orderId: saga.order.id, owner: `claimer-${i}`, version: 1 });
      }
      await expect(leases.claimDue('late-claimer', 30_000, 100)).resolves.toEqual([]);
    });

    it('hands an expired lease to another owner, and a released saga when it is due', async () => {
      await sql(`UPDATE "order" SET next_run_at = NULL`);
      const { order } = await claimedOrder('instance-a', 300);
      await expect(leases.claimDue('instance-b', 30_000, 10)).resolves.toEqual([]);
      // instance-a stops renewing (it died): its lease runs out and instance-b takes over.
      const [taken] = await eventually(
        () => leases.claimDue('instance-b', 30_000, 10),
        (claimed) => claimed.length > 0,
        5_000,
        'the expired lease to be claimable',
      );
      expect(taken.order).toMatchObject({ id: order.id, leaseOwner: 'instance-b', version: 2, claims: 2 });

      // instance-b gives it back for a retry in the future: nobody claims it before then.
      await expect(leases.release(taken.lease, new Date(Date.now() + 60_000))).resolves.toBe(true);
      await expect(orders.findById(order.id)).resolves.toMatchObject({ leaseOwner: null, leaseUntil: null });
      await expect(leases.claimDue('instance-c', 30_000, 10)).resolves.toEqual([]);
      await sql(`UPDATE "order" SET next_run_at = now() WHERE id = $1`, [order.id]);
      await expect(leases.claimDue('instance-c', 30_000, 10)).resolves.toMatchObject([
        { order: { id: order.id, leaseOwner: 'instance-c', version: 3 } },
      ]);
    });

    it('renews a lease it still holds', async () => {
      const { order, lease } = await claimedOrder('instance-a', 1_000);
      await expect(leases.renew(lease, 60_000)).resolves.toBe(true);
      const renewed = await orders.findById(order.id);
      expect(renewed!.leaseUntil!.getTime() - Date.now()).toBeGreaterThan(30_000);
      expect(renewed!.version).toBe(1);
    });
  });
});

/** The order request of `input` with its keys in another order. */
function reordered(input: ReturnType<typeof newOrder>) {
  return {
    currency: input.currency,
    cardToken: input.cardToken,
    shippingAddress: Object.fromEntries(Object.entries(input.shippingAddress).reverse()),
    lines: input.lines.map((line) => ({
      quantity: line.quantity,
      unitPrice: line.unitPrice,
      name: line.name,
      sku: line.sku,
      productId: line.productId,
    })),
  };
}

import { randomUUID } from 'node:crypto';
import {
  AdminOrderPage,
  CART_PATTERNS,
  CartView,
  CATALOG_PATTERNS,
  Caller,
  CheckoutRequest,
  inventoryV1,
  ORDERS_EVENTS,
  ORDERS_PATTERNS,
  OrderPage,
  OrderStatus,
  OrderView,
  PAYMENTS_PATTERNS,
  PaymentPage,
  ProductView,
  PSP_TEST_CARDS,
  UpdateProductRequest,
} from '@bazaar/contracts';
import { AppModule as OrdersModule } from '../../apps/orders/src/app.module';
import {
  leaseOf,
  NewOrder,
  OrderRecord,
  SagaChange,
  SagaLease,
} from '../../apps/orders/src/checkout/order-records';
import { OrderRepository } from '../../apps/orders/src/checkout/order.repository';
import { reservationIdOf, SAGA_STEPS, stepKey } from '../../apps/orders/src/checkout/saga-steps';
import { BootedCatalog, bootCatalog } from '../../apps/catalog/test/boot-catalog';
import { BootedInventory, bootInventory } from '../../apps/inventory/test/boot-inventory';
import { BootedService, bootService } from '../support/boot-service';
import { productWithStock as createProduct } from '../support/checkout-services';
import { eventually } from '../support/eventually';
import { metricValue, scrape } from '../support/metrics';
import { bootPaymentsAgainstSandbox, PaymentsAgainstSandbox } from '../support/payments';
import { queryDatabase } from '../support/test-database';
import { SHIPPING_ADDRESS } from '../support/api';

const TERMINAL: OrderStatus[] = ['CONFIRMED', 'REJECTED', 'CANCELLED', 'COMPENSATION_FAILED'];
const PAYMENT_DEADLINE_MS = 4_000;

/**
 * Checkout end to end inside one process, each service on its real transport and its own database: orders runs
 * the saga against inventory over gRPC, payments over TCP and the psp-sandbox over HTTP. Every outcome is checked
 * where it lands: the order's status and timeline, inventory's reservation and stock, the sandbox's ledger.
 */
describe('checkout: the order saga (integration)', () => {
  let catalog: BootedCatalog;
  let inventory: BootedInventory;
  let payments: PaymentsAgainstSandbox;
  let orders: BootedService;

  beforeAll(async () => {
    catalog = await bootCatalog({ CATALOG_SEED: 'true' });
    inventory = await bootInventory();
    payments = await bootPaymentsAgainstSandbox({
      // A provider outage is told quickly, so the saga's deadline is what the test waits for.
      PAYMENTS_PROVIDER_ATTEMPT_TIMEOUT_MS: '500',
      PAYMENTS_PROVIDER_TOTAL_TIMEOUT_MS: '1000',
      PAYMENTS_PROVIDER_RETRY_BASE_DELAY_MS: '50',
      PAYMENTS_PROVIDER_RETRY_MAX_DELAY_MS: '200',
      PAYMENTS_BREAKER_RESET_MS: '200',
    });
    orders = await bootService('orders', OrdersModule, {
      ORDERS_PAYMENT_DEADLINE_MS: String(PAYMENT_DEADLINE_MS),
      ORDERS_SAGA_POLL_MS: '100',
      ORDERS_SAGA_LEASE_MS: '10000',
      ORDERS_SAGA_RETRY_BASE_MS: '100',
      ORDERS_SAGA_RETRY_MAX_MS: '400',
      ORDERS_COMPENSATION_MAX_ATTEMPTS: '200',
      ORDERS_PAYMENTS_TIMEOUT_MS: '5000',
    });
  }, 60_000);

  afterAll(async () => {
    await orders?.close();
    await payments?.close();
    await inventory?.close();
    await catalog?.close();
  });

  afterEach(() => payments.sandbox.healthy());

  const shopper = (): Caller => ({ userId: randomUUID(), roles: ['customer'] });

  /** A product of its own, priced 1 250 EUR cents, with `onHand` units in inventory. */
  const productWithStock = (onHand: number) => createProduct(catalog, inventory, onHand, 'CHK');

  const stockOf = (sku: string) => inventory.grpc.call<inventoryV1.StockLevel>('GetStock', { sku });

  const checkout = (caller: Caller, request: Partial<CheckoutRequest> = {}) =>
    orders.call<OrderView>(
      ORDERS_PATTERNS.checkout,
      {
        idempotencyKey: randomUUID(),
        shippingAddress: SHIPPING_ADDRESS,
        cardToken: PSP_TEST_CARDS.approved,
        ...request,
      },
      { caller },
    );

  const read = (caller: Caller, orderId: string) =>
    orders.call<OrderView>(ORDERS_PATTERNS.get, { orderId }, { caller });

  const settled = (caller: Caller, orderId: string, timeoutMs = 20_000) =>
    eventually(
      () => read(caller, orderId),
      (order) => TERMINAL.includes(order.status),
      timeoutMs,
      `order ${orderId} to finish`,
    );

  const reservationsOf = (orderId: string) =>
    queryDatabase<{ status: string }>(
      inventory.database.url,
      'SELECT status FROM reservation WHERE order_id = $1',
      [orderId],
    );

  const paymentsOf = async (orderId: string) =>
    (await payments.booted.call<PaymentPage>(PAYMENTS_PATTERNS.list, { orderId })).items;

  /** The reason the order's `cancelled` event carries, as recorded in orders' outbox. */
  const cancelledReasonOf = async (orderId: string) =>
    (
      await queryDatabase<{ reason: string | null }>(
        orders.database.url,
        `SELECT envelope->'payload'->>'reason' AS reason FROM outbox WHERE aggregate_id = $1 AND type = $2`,
        [orderId, ORDERS_EVENTS.orderCancelled.type],
      )
    ).map((row) => row.reason);

  const timeline = (order: OrderView) =>
    (order.steps ?? []).map(({ step, kind, outcome }) => `${kind}:${step}:${outcome}`);

  it('confirms an order: stock reserved then committed, the payment authorized then captured once', async () => {
    const product = await productWithStock(5);
    const caller = shopper();
    const sagaMetrics = async () => {
      const text = await scrape(orders.ops);
      return {
        confirmed: metricValue(text, 'saga_transitions_total', {
          from: 'PAYMENT_AUTHORIZED',
          to: 'CONFIRMED',
        }),
        placed: metricValue(text, 'saga_transitions_total', { from: 'new', to: 'PENDING' }),
        captured: metricValue(text, 'saga_steps_total', { step: 'capture-payment', outcome: 'succeeded' }),
        settled: metricValue(text, 'saga_settle_duration_seconds_count', { status: 'CONFIRMED' }),
      };
    };
    const before = await sagaMetrics();
    const placed = await checkout(caller, { lines: [{ productId: product.id, quantity: 2 }] });
    expect(placed).toMatchObject({ status: 'PENDING', total: { amountMinor: 2_500, currency: 'EUR' } });
    expect(placed.lines).toEqual([
      expect.objectContaining({
        sku: product.sku,
        name: product.name,
        unitPrice: product.price,
        quantity: 2,
      }),
    ]);

    const order = await settled(caller, placed.id);
    expect(order.status).toBe('CONFIRMED');
    expect(timeline(order)).toEqual([
      'forward:place:succeeded',
      'compensation:release-stock:planned',
      'forward:reserve-stock:succeeded',
      'compensation:void-payment:planned',
      'forward:authorize-payment:succeeded',
      'forward:capture-payment:succeeded',
      'forward:commit-stock:succeeded',
    ]);
    const charges = await payments.sandbox.chargesFor(order.id);
    expect(charges).toEqual([expect.objectContaining({ status: 'captured', capturedAmount: 2_500 })]);
    await expect(reservationsOf(order.id)).resolves.toEqual([{ status: 'COMMITTED' }]);
    await expect(stockOf(product.sku)).resolves.toMatchObject({ onHand: 3, reserved: 0 });
    // Counted on orders' /metrics once each, as they were written.
    await expect(sagaMetrics()).resolves.toEqual({
      confirmed: before.confirmed + 1,
      placed: before.placed + 1,
      captured: before.captured + 1,
      settled: before.settled + 1,
    });
  });

  it("orders the caller's cart when no lines are given, and answers a repeated request with the same order", async () => {
    const product = await productWithStock(5);
    const caller = shopper();
    await orders.call(CART_PATTERNS.putItem, { productId: product.id, quantity: 1 }, { caller });
    const request = { idempotencyKey: randomUUID() };
    const placed = await checkout(caller, request);
    const again = await checkout(caller, request);
    expect(again.id).toBe(placed.id);
    expect(placed.lines).toEqual([expect.objectContaining({ productId: product.id, quantity: 1 })]);
    // The ordered lines left the cart with the order's own transaction.
    await expect(orders.call<CartView>(CART_PATTERNS.get, {}, { caller })).resolves.toMatchObject({
      lines: [],
      itemCount: 0,
    });
    await expect(settled(caller, placed.id)).resolves.toMatchObject({ status: 'CONFIRMED' });
    await expect(checkout(caller, { ...request, cardToken: PSP_TEST_CARDS.declined })).rejects.toMatchObject({
      code: 'IDEMPOTENCY_KEY_REUSED',
    });
  });

  it('charges the price at checkout and says so when it changed since the product was put in the cart', async () => {
    const product = await productWithStock(5);
    const other = await productWithStock(5);
    const caller = shopper();
    await orders.call(CART_PATTERNS.putItem, { productId: product.id, quantity: 2 }, { caller });
    await orders.call(CART_PATTERNS.putItem, { productId: other.id, quantity: 1 }, { caller });
    await catalog.call(CATALOG_PATTERNS.updateProduct, {
      id: product.id,
      changes: { priceMinor: 1_400 },
    } satisfies UpdateProductRequest);

    const placed = await checkout(caller);
    expect(placed.total).toEqual({ amountMinor: 2 * 1_400 + 1_250, currency: 'EUR' });
    expect(placed.lines).toEqual([
      expect.objectContaining({
        productId: product.id,
        unitPrice: { amountMinor: 1_400, currency: 'EUR' },
        cartUnitPrice: { amountMinor: 1_250, currency: 'EUR' },
        priceChanged: true,
      }),
      expect.objectContaining({
        productId: other.id,
        unitPrice: { amountMinor: 1_250, currency: 'EUR' },
        cartUnitPrice: { amountMinor: 1_250, currency: 'EUR' },
        priceChanged: false,
      }),
    ]);
    // Explicit lines had no cart price to compare with.
    const explicit = await checkout(caller, { lines: [{ productId: other.id, quantity: 1 }] });
    expect(explicit.lines).toEqual([expect.objectContaining({ cartUnitPrice: null, priceChanged: false })]);
    await settled(caller, placed.id);
    await settled(caller, explicit.id);
  });

  it('leaves the cart as it is when explicit lines are ordered, and lists my orders newest first, a page at a time', async () => {
    const product = await productWithStock(10);
    const caller = shopper();
    await orders.call(CART_PATTERNS.putItem, { productId: product.id, quantity: 3 }, { caller });
    const placed: OrderView[] = [];
    for (let i = 0; i < 3; i++) {
      placed.push(await checkout(caller, { lines: [{ productId: product.id, quantity: 1 }] }));
    }
    await expect(orders.call<CartView>(CART_PATTERNS.get, {}, { caller })).resolves.toMatchObject({
      itemCount: 3,
    });

    const first = await orders.call<OrderPage>(ORDERS_PATTERNS.list, { limit: 2 }, { caller });
    expect(first.items.map((order) => order.id)).toEqual([placed[2].id, placed[1].id]);
    expect(first.items[0]).toEqual({
      id: placed[2].id,
      status: expect.any(String),
      total: { amountMinor: 1_250, currency: 'EUR' },
      linesCount: 1,
      createdAt: placed[2].createdAt,
      updatedAt: expect.any(String),
    });
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await orders.call<OrderPage>(
      ORDERS_PATTERNS.list,
      { limit: 2, cursor: first.nextCursor },
      { caller },
    );
    expect(second).toEqual({ items: [expect.objectContaining({ id: placed[0].id })], nextCursor: null });
    // Nobody else's orders, and a cursor this list did not make is bad input.
    await expect(orders.call<OrderPage>(ORDERS_PATTERNS.list, {}, { caller: shopper() })).resolves.toEqual({
      items: [],
      nextCursor: null,
    });
    await expect(
      orders.failure(ORDERS_PATTERNS.list, { cursor: placed[0].id }, { caller }),
    ).resolves.toMatchObject({ code: 'VALIDATION_FAILED' });
    await Promise.all(placed.map((order) => settled(caller, order.id)));
  });

  it('rejects an order inventory cannot serve, with nothing reserved and no payment asked for', async () => {
    const product = await productWithStock(1);
    const caller = shopper();
    const placed = await checkout(caller, { lines: [{ productId: product.id, quantity: 2 }] });
    const order = await settled(caller, placed.id);
    expect(order.status).toBe('REJECTED');
    expect(order.steps?.at(-1)).toMatchObject({ step: 'reserve-stock', outcome: 'failed' });
    expect(order.steps?.at(-1)?.detail).toMatch(/INSUFFICIENT_STOCK/);
    await expect(reservationsOf(order.id)).resolves.toEqual([]);
    await expect(stockOf(product.sku)).resolves.toMatchObject({ onHand: 1, reserved: 0 });
    await expect(paymentsOf(order.id)).resolves.toEqual([]);
  });

  it('cancels a declined order: the reservation released, nothing charged', async () => {
    const product = await productWithStock(3);
    const caller = shopper();
    const placed = await checkout(caller, {
      lines: [{ productId: product.id, quantity: 1 }],
      cardToken: PSP_TEST_CARDS.declined,
    });
    const order = await settled(caller, placed.id);
    expect(order.status).toBe('CANCELLED');
    expect(timeline(order).slice(-3)).toEqual([
      'forward:authorize-payment:failed',
      'compensation:void-payment:succeeded',
      'compensation:release-stock:succeeded',
    ]);
    await expect(reservationsOf(order.id)).resolves.toEqual([{ status: 'RELEASED' }]);
    await expect(stockOf(product.sku)).resolves.toMatchObject({ onHand: 3, reserved: 0 });
    const charges = await payments.sandbox.chargesFor(order.id);
    expect(charges.filter((charge) => charge.capturedAmount > 0)).toEqual([]);
    // The event says why it was cancelled (the decline), not how its last compensation went.
    await expect(cancelledReasonOf(order.id)).resolves.toEqual(['CARD_DECLINED']);
  });

  it('cancels an order whose payment stays unavailable past its deadline, then voids and releases', async () => {
    const product = await productWithStock(3);
    const caller = shopper();
    await payments.sandbox.faults({ outage: 'reset' });
    const placed = await checkout(caller, { lines: [{ productId: product.id, quantity: 1 }] });
    // Retried until the stored deadline, then cancelling; its compensations wait for the provider to come back.
    const cancelling = await eventually(
      () => read(caller, placed.id),
      (order) => order.status === 'CANCELLING',
      PAYMENT_DEADLINE_MS + 10_000,
      'the order to give up on payment',
    );
    expect(timeline(cancelling)).toContain('forward:authorize-payment:failed');
    await payments.sandbox.healthy();

    const order = await settled(caller, placed.id);
    expect(order.status).toBe('CANCELLED');
    expect(timeline(order).slice(-2)).toEqual([
      'compensation:void-payment:succeeded',
      'compensation:release-stock:succeeded',
    ]);
    await expect(reservationsOf(order.id)).resolves.toEqual([{ status: 'RELEASED' }]);
    await expect(stockOf(product.sku)).resolves.toMatchObject({ onHand: 3, reserved: 0 });
    for (const payment of await paymentsOf(order.id))
      expect(['VOIDED', 'DECLINED']).toContain(payment.status);
    await expect(cancelledReasonOf(order.id)).resolves.toEqual([
      expect.stringMatching(/^deadline passed; last failure: /),
    ]);
    const charges = await payments.sandbox.chargesFor(order.id);
    expect(charges.filter((charge) => charge.capturedAmount > 0)).toEqual([]);
  }, 40_000);

  it('sells the last 10 units exactly once to 50 racing checkouts, none oversold', async () => {
    const units = 10;
    const product = await productWithStock(units);
    const shoppers = Array.from({ length: 50 }, shopper);
    const placed = await Promise.all(
      shoppers.map((caller) => checkout(caller, { lines: [{ productId: product.id, quantity: 1 }] })),
    );
    const outcomes = await Promise.all(placed.map((order, i) => settled(shoppers[i], order.id, 30_000)));
    const statuses = outcomes.map((order) => order.status);
    expect(statuses.filter((status) => status === 'CONFIRMED')).toHaveLength(units);
    expect(statuses.filter((status) => status === 'REJECTED')).toHaveLength(shoppers.length - units);
    await expect(stockOf(product.sku)).resolves.toMatchObject({ onHand: 0, reserved: 0 });
    for (const order of outcomes.filter((o) => o.status === 'CONFIRMED')) {
      const charges = await payments.sandbox.chargesFor(order.id);
      expect(charges).toEqual([expect.objectContaining({ status: 'captured', capturedAmount: 1_250 })]);
    }
  }, 45_000);

  it('finishes the saga of an instance that died after reserving stock, and refuses the late writes of that instance', async () => {
    const product = await productWithStock(2);
    const caller = shopper();
    const store = orders.service.app.get(OrderRepository);
    // What a dead instance left: an order it placed and leased, its stock reserved under the order's reservation id.
    const reserved = await reservedBy('dead-instance', 300, caller, product);
    const placed = reserved.order;

    // Its lease expires; this instance's resume loop claims the saga and carries it on from STOCK_RESERVED.
    const order = await settled(caller, placed.id);
    expect(order.status).toBe('CONFIRMED');
    await expect(reservationsOf(order.id)).resolves.toEqual([{ status: 'COMMITTED' }]);
    await expect(stockOf(product.sku)).resolves.toMatchObject({ onHand: 1, reserved: 0 });
    expect(await payments.sandbox.chargesFor(order.id)).toEqual([
      expect.objectContaining({ status: 'captured', capturedAmount: 1_250 }),
    ]);
    await expect(
      store.transition(reserved.lease, 'cancelRequested', {
        step: 'place',
        kind: 'forward',
        outcome: 'failed',
      }),
    ).resolves.toMatchObject({ applied: false, reason: 'stale-lease' });
  });

  it('does not authorize a payment once the stored reservation expiry has passed: cancelled, nothing charged', async () => {
    const product = await productWithStock(2);
    const caller = shopper();
    // An instance reserved the stock, then stalled past the reservation's expiry before asking for the payment.
    const { order: placed } = await reservedBy('stalled-instance', 300, caller, product, {
      reservationExpiresAt: new Date(Date.now() - 1_000),
    });

    const order = await settled(caller, placed.id);
    expect(order.status).toBe('CANCELLED');
    expect(order.steps?.find((step) => step.step === 'authorize-payment')?.detail).toMatch(
      /reservation expired .* before the payment was authorized/,
    );
    expect(await payments.sandbox.chargesFor(order.id)).toEqual([]);
    await expect(reservationsOf(order.id)).resolves.toEqual([{ status: 'RELEASED' }]);
    await expect(stockOf(product.sku)).resolves.toMatchObject({ onHand: 2, reserved: 0 });
  });

  it('parks an order whose compensation keeps failing in COMPENSATION_FAILED, for an admin', async () => {
    const product = await productWithStock(2);
    const caller = shopper();
    const store = orders.service.app.get(OrderRepository);
    // A dead instance's saga, cancelling although its payment was captured: voiding it can never succeed.
    const placed = await placedBy('dead-instance', 5_000, caller, product, { paymentDeadline: undefined });
    let lease = leaseOf(placed);
    expect(await store.planCompensation(lease, SAGA_STEPS.voidPayment)).toBe(true);
    const payment = await payments.api.authorize({
      orderId: placed.id,
      amount: 1_250,
      idempotencyKey: stepKey(placed.id, SAGA_STEPS.authorizePayment),
    });
    await payments.api.capture(payment.id);
    for (const [event, step, outcome] of [
      ['stockReserved', SAGA_STEPS.reserveStock, 'succeeded'],
      ['paymentAuthorized', SAGA_STEPS.authorizePayment, 'succeeded'],
      ['confirmationFailed', SAGA_STEPS.commitStock, 'failed'],
    ] as const) {
      const moved = await store.transition(lease, event, { step, kind: 'forward', outcome });
      if (!moved.applied) throw new Error(moved.detail);
      lease = moved.lease;
    }
    // As if it had failed every try but the last already (ORDERS_COMPENSATION_MAX_ATTEMPTS is 200 here).
    await queryDatabase(orders.database.url, 'UPDATE "order" SET step_attempts = 199 WHERE id = $1', [
      placed.id,
    ]);

    const order = await settled(caller, placed.id);
    expect(order.status).toBe('COMPENSATION_FAILED');
    expect(order.steps?.at(-1)).toMatchObject({
      step: 'void-payment',
      kind: 'compensation',
      outcome: 'failed',
    });
    expect(order.steps?.at(-1)?.detail).toMatch(/PAYMENT_STATE.*refund/);
    // Parked: no resume loop claims it again.
    const [row] = await queryDatabase<{ next_run_at: Date | null; lease_owner: string | null }>(
      orders.database.url,
      'SELECT next_run_at, lease_owner FROM "order" WHERE id = $1',
      [placed.id],
    );
    expect(row).toEqual({ next_run_at: null, lease_owner: null });
    // Visible to admins, by its status; not to shoppers.
    const admin: Caller = { userId: randomUUID(), roles: ['customer', 'admin'] };
    const parked = await orders.call<AdminOrderPage>(
      ORDERS_PATTERNS.adminList,
      { status: 'COMPENSATION_FAILED', limit: 100 },
      { caller: admin },
    );
    expect(parked.items).toContainEqual(
      expect.objectContaining({ id: placed.id, userId: caller.userId, status: 'COMPENSATION_FAILED' }),
    );
    expect(parked.items.every((item) => item.status === 'COMPENSATION_FAILED')).toBe(true);
    await expect(orders.failure(ORDERS_PATTERNS.adminList, {}, { caller })).resolves.toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  /** An order placed and leased to `owner` for `leaseMs`, as an instance (alive, stalled or dead) leaves it. */
  async function placedBy(
    owner: string,
    leaseMs: number,
    caller: Caller,
    product: ProductView,
    overrides: Partial<NewOrder> = {},
  ): Promise<OrderRecord> {
    const { order } = await orders.service.app.get(OrderRepository).create({
      userId: caller.userId,
      currency: 'EUR',
      shippingAddress: SHIPPING_ADDRESS,
      cardToken: PSP_TEST_CARDS.approved,
      idempotencyKey: randomUUID(),
      requestHash: '0'.repeat(64),
      lines: [{ productId: product.id, sku: product.sku, name: product.name, unitPrice: 1_250, quantity: 1 }],
      paymentDeadline: new Date(Date.now() + 60_000),
      lease: { owner, leaseMs },
      ...overrides,
    });
    return order;
  }

  /** The same, its stock then reserved by `owner` under the order's reservation id (STOCK_RESERVED). */
  async function reservedBy(
    owner: string,
    leaseMs: number,
    caller: Caller,
    product: ProductView,
    change: SagaChange = {},
  ): Promise<{ order: OrderRecord; lease: SagaLease }> {
    const store = orders.service.app.get(OrderRepository);
    const placed = await placedBy(owner, leaseMs, caller, product);
    const lease = leaseOf(placed);
    expect(await store.planCompensation(lease, SAGA_STEPS.releaseStock)).toBe(true);
    await inventory.grpc.call('Reserve', {
      reservationId: reservationIdOf(placed.id),
      orderId: placed.id,
      lines: [{ sku: product.sku, quantity: 1 }],
    });
    const moved = await store.transition(
      lease,
      'stockReserved',
      { step: SAGA_STEPS.reserveStock, kind: 'forward', outcome: 'succeeded' },
      change,
    );
    if (!moved.applied) throw new Error(moved.detail);
    return { order: moved.order, lease: moved.lease };
  }

  /**
   * What a live instance holds while it waits for payments: an order placed and leased to `owner` for long, its
   * stock reserved, its payment authorized at payments under the order's key but the answer not recorded yet
   * (STOCK_RESERVED); no resume loop touches it until the lease ends.
   */
  async function orderAuthorizingFor(
    owner: string,
    caller: Caller,
    product: ProductView,
  ): Promise<{ order: OrderRecord; lease: SagaLease }> {
    const store = orders.service.app.get(OrderRepository);
    const moved = await reservedBy(owner, 120_000, caller, product);
    const placed = moved.order;
    expect(await store.planCompensation(moved.lease, SAGA_STEPS.voidPayment)).toBe(true);
    await payments.api.authorize({
      orderId: placed.id,
      amount: 1_250,
      idempotencyKey: stepKey(placed.id, SAGA_STEPS.authorizePayment),
    });
    return { order: moved.order, lease: moved.lease };
  }

  const cancel = (caller: Caller, orderId: string) =>
    orders.call<OrderView>(ORDERS_PATTERNS.cancel, { orderId }, { caller });

  it('cancels an order before confirmation: taken from the instance holding it, authorization voided, stock released', async () => {
    const product = await productWithStock(3);
    const caller = shopper();
    const held = await orderAuthorizingFor('live-instance', caller, product);
    await expect(stockOf(product.sku)).resolves.toMatchObject({ onHand: 3, reserved: 1 });
    expect(await payments.sandbox.chargesFor(held.order.id)).toEqual([
      expect.objectContaining({ status: 'authorized', capturedAmount: 0 }),
    ]);

    await expect(
      orders.failure(ORDERS_PATTERNS.cancel, { orderId: held.order.id }, { caller: shopper() }),
    ).resolves.toMatchObject({ code: 'ORDER_NOT_FOUND' });
    const cancelling = await cancel(caller, held.order.id);
    expect(cancelling.status).toBe('CANCELLING');
    expect(cancelling.steps?.at(-1)).toMatchObject({
      step: 'cancel',
      outcome: 'succeeded',
      detail: 'cancelled by the shopper',
      status: 'CANCELLING',
    });
    // The instance that held the saga is fenced off: its late writes change nothing.
    const store = orders.service.app.get(OrderRepository);
    await expect(
      store.transition(held.lease, 'paymentAuthorized', {
        step: SAGA_STEPS.authorizePayment,
        kind: 'forward',
        outcome: 'succeeded',
      }),
    ).resolves.toMatchObject({ applied: false, reason: 'stale-lease' });
    await expect(
      store.recordStep(held.lease, { step: SAGA_STEPS.authorizePayment, kind: 'forward', outcome: 'failed' }),
    ).resolves.toBeNull();

    // The resume loop runs the compensations, without waiting for the holder's lease to end.
    const order = await settled(caller, held.order.id);
    expect(order.status).toBe('CANCELLED');
    expect(timeline(order).slice(-3)).toEqual([
      'forward:cancel:succeeded',
      'compensation:void-payment:succeeded',
      'compensation:release-stock:succeeded',
    ]);
    await expect(reservationsOf(order.id)).resolves.toEqual([{ status: 'RELEASED' }]);
    await expect(stockOf(product.sku)).resolves.toMatchObject({ onHand: 3, reserved: 0 });
    await expect(paymentsOf(order.id)).resolves.toEqual([expect.objectContaining({ status: 'VOIDED' })]);
    expect(await payments.sandbox.chargesFor(order.id)).toEqual([
      expect.objectContaining({ status: 'voided', capturedAmount: 0 }),
    ]);
    const events = await queryDatabase<{ type: string; reason: string | null }>(
      orders.database.url,
      `SELECT type, envelope->'payload'->>'reason' AS reason FROM outbox WHERE aggregate_id = $1 ORDER BY seq`,
      [order.id],
    );
    expect(events.map((event) => event.type).slice(-2)).toEqual([
      'orders.order.cancelling.v1',
      'orders.order.cancelled.v1',
    ]);
    expect(events.at(-2)?.reason).toBe('cancelled by the shopper');

    // Cancelling it again is refused, and writes nothing.
    await expect(
      orders.failure(ORDERS_PATTERNS.cancel, { orderId: order.id }, { caller }),
    ).resolves.toMatchObject({ code: 'ORDER_STATE', details: { status: 'CANCELLED' } });
    await expect(read(caller, order.id)).resolves.toMatchObject({ steps: order.steps });
  });

  it('refuses to cancel an order an instance is confirming: its money may be taken already', async () => {
    const product = await productWithStock(2);
    const caller = shopper();
    const held = await orderAuthorizingFor('confirming-instance', caller, product);
    const store = orders.service.app.get(OrderRepository);
    const authorized = await store.transition(held.lease, 'paymentAuthorized', {
      step: SAGA_STEPS.authorizePayment,
      kind: 'forward',
      outcome: 'succeeded',
    });
    if (!authorized.applied) throw new Error(authorized.detail);
    expect(authorized.order.status).toBe('PAYMENT_AUTHORIZED');
    await expect(
      orders.failure(ORDERS_PATTERNS.cancel, { orderId: held.order.id }, { caller }),
    ).resolves.toMatchObject({ code: 'ORDER_STATE', details: { status: 'PAYMENT_AUTHORIZED' } });
    // Nothing written: the holder carries on with the lease it had.
    await expect(
      store.recordStep(authorized.lease, {
        step: SAGA_STEPS.capturePayment,
        kind: 'forward',
        outcome: 'failed',
      }),
    ).resolves.toBe(1);
  });

  it('refunds a confirmed order the shopper cancels, on the ledger, once; a second cancel is refused', async () => {
    const product = await productWithStock(3);
    const caller = shopper();
    const placed = await checkout(caller, { lines: [{ productId: product.id, quantity: 2 }] });
    await expect(settled(caller, placed.id)).resolves.toMatchObject({ status: 'CONFIRMED' });

    const refunding = await cancel(caller, placed.id);
    expect(refunding.status).toBe('REFUNDING');
    const order = await eventually(
      () => read(caller, placed.id),
      (seen) => seen.status !== 'REFUNDING',
      20_000,
      'the refund',
    );
    expect(order.status).toBe('REFUNDED');
    expect(timeline(order).slice(-2)).toEqual(['forward:cancel:succeeded', 'compensation:refund:succeeded']);
    await expect(paymentsOf(order.id)).resolves.toEqual([
      expect.objectContaining({ status: 'REFUNDED', capturedAmount: 2_500, refundedAmount: 2_500 }),
    ]);
    const [charge] = await payments.sandbox.chargesFor(order.id);
    expect(charge).toMatchObject({ capturedAmount: 2_500, refundedAmount: 2_500 });
    expect(charge.refunds).toEqual([expect.objectContaining({ amount: 2_500 })]);

    // Two at once, both awaited together: a refusal that arrived while the other was still being awaited would
    // otherwise be an unhandled rejection, which fails the test whatever the assertions say.
    const again = await Promise.allSettled([cancel(caller, order.id), cancel(caller, order.id)]);
    expect(again).toEqual([
      { status: 'rejected', reason: expect.objectContaining({ code: 'ORDER_STATE' }) },
      { status: 'rejected', reason: expect.objectContaining({ code: 'ORDER_STATE' }) },
    ]);
    expect((await payments.sandbox.chargesFor(order.id))[0].refunds).toHaveLength(1);
  });

  it("answers another user's order as not found, and refuses what cannot be ordered", async () => {
    const product = await productWithStock(2);
    const owner = shopper();
    const placed = await checkout(owner, { lines: [{ productId: product.id, quantity: 1 }] });
    await expect(
      orders.failure(ORDERS_PATTERNS.get, { orderId: placed.id }, { caller: shopper() }),
    ).resolves.toMatchObject({ code: 'ORDER_NOT_FOUND' });
    const refusal = (request: Partial<CheckoutRequest> & Record<string, unknown>) =>
      checkout(shopper(), request).then(
        () => 'accepted',
        (error: { code: string }) => error.code,
      );
    await expect(refusal({})).resolves.toBe('CART_EMPTY');
    await expect(refusal({ lines: [{ productId: randomUUID(), quantity: 1 }] })).resolves.toBe(
      'PRODUCT_NOT_FOUND',
    );
    await expect(refusal({ lines: [{ productId: product.id, quantity: 0 }] })).resolves.toBe(
      'VALIDATION_FAILED',
    );
    await expect(
      // A price from the client is refused, not ignored: prices are catalog's.
      refusal({ lines: [{ productId: product.id, quantity: 1 }], unitPrice: 1 }),
    ).resolves.toBe('VALIDATION_FAILED');
    await expect(
      refusal({
        lines: [
          { productId: product.id, quantity: 1 },
          { productId: product.id, quantity: 1 },
        ],
      }),
    ).resolves.toBe('VALIDATION_FAILED');
    await expect(orders.failure(ORDERS_PATTERNS.get, { orderId: placed.id }, {})).resolves.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    await settled(owner, placed.id);
  });
});

import { randomUUID } from 'node:crypto';
import {
  AdminOrderPage,
  CartView,
  NotificationPage,
  OrderPage,
  OrderView,
  ProductPage,
  ProductView,
  PSP_TEST_CARDS,
} from '@bazaar/contracts';
import { bearer, jsonHeaders, login, problemOf, registerShopper, SHIPPING_ADDRESS } from '../support/api';
import { eventually } from '../support/eventually';
import { E2E_ADMIN, RunningPlatform, startPlatform } from '../support/platform';

/**
 * Checkout through the gateway, every service a process of its own: the order is answered PENDING with its
 * Location, and its saga (inventory over gRPC, payments, the card processor) confirms it after the answer.
 */
describe('checkout through the gateway (e2e)', () => {
  let platform: RunningPlatform;
  let api: string;
  let adminToken: string;

  const register = () => registerShopper(platform.gatewayUrl, 'checkout');

  beforeAll(async () => {
    platform = await startPlatform();
    api = `${platform.gatewayUrl}/api/v1`;
    adminToken = (await login(platform.gatewayUrl, E2E_ADMIN.email, E2E_ADMIN.password)).accessToken;
  }, 120_000);

  afterAll(async () => {
    if (platform) await expect(platform.stop()).resolves.toBe(0);
  }, 60_000);

  const checkout = (token: string, key: string | undefined, body: unknown) =>
    fetch(`${api}/orders`, {
      method: 'POST',
      headers: { ...jsonHeaders(token), ...(key ? { 'idempotency-key': key } : {}) },
      body: JSON.stringify(body),
    });

  const shipping = {
    shippingAddress: SHIPPING_ADDRESS,
    cardToken: 'tok_approved',
  };

  const get = async <T>(path: string, token: string): Promise<T> => {
    const response = await fetch(`${api}${path}`, { headers: bearer(token) });
    if (response.status !== 200) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };

  const orderOf = (token: string, orderId: string) => get<OrderView>(`/orders/${orderId}`, token);

  const cancel = (token: string, orderId: string) =>
    fetch(`${api}/orders/${orderId}/cancel`, { method: 'POST', headers: bearer(token) });

  /** A product of its own (admin), with `onHand` units in inventory. */
  async function productWithStock(onHand: number, currency = 'EUR'): Promise<ProductView> {
    const created = await fetch(`${api}/products`, {
      method: 'POST',
      headers: jsonHeaders(adminToken),
      body: JSON.stringify({
        sku: `E2E-ORD-${randomUUID().slice(0, 8).toUpperCase()}`,
        name: 'Orders e2e product',
        description: '',
        priceMinor: 990,
        currency,
        category: 'apparel',
      }),
    });
    expect(created.status).toBe(201);
    const product = (await created.json()) as ProductView;
    const stocked = await fetch(`${api}/inventory/${product.sku}`, {
      method: 'PUT',
      headers: jsonHeaders(adminToken),
      body: JSON.stringify({ setOnHand: onHand, reason: 'orders e2e' }),
    });
    expect(stocked.status).toBe(200);
    return product;
  }

  const placed = async (token: string, body: unknown): Promise<OrderView> => {
    const response = await checkout(token, randomUUID(), { ...shipping, ...(body as object) });
    expect(response.status).toBe(202);
    return (await response.json()) as OrderView;
  };

  const settled = (token: string, orderId: string, status: OrderView['status']) =>
    eventually(
      () => orderOf(token, orderId),
      (seen) => seen.status === status,
      20_000,
      `order ${orderId} to be ${status}`,
    );

  it('places an order answered 202 PENDING, which its saga then confirms; the same key answers the same order', async () => {
    const [product] = ((await (await fetch(`${api}/products?limit=1`)).json()) as ProductPage).items;
    const stocked = await fetch(`${api}/inventory/${product.sku}`, {
      method: 'PUT',
      headers: jsonHeaders(adminToken),
      body: JSON.stringify({ setOnHand: 5, reason: 'checkout e2e' }),
    });
    expect(stocked.status).toBe(200);
    const shopper = await register();
    const key = randomUUID();
    const body = {
      lines: [{ productId: product.id, quantity: 1 }],
      shippingAddress: SHIPPING_ADDRESS,
      cardToken: 'tok_approved',
    };

    const placed = await checkout(shopper, key, body);
    expect(placed.status).toBe(202);
    const order = (await placed.json()) as OrderView;
    expect(order).toMatchObject({ status: 'PENDING', total: product.price });
    expect(placed.headers.get('location')).toBe(`/api/v1/orders/${order.id}`);

    const confirmed = await eventually(
      async () =>
        (await (
          await fetch(`${platform.gatewayUrl}/api/v1/orders/${order.id}`, { headers: bearer(shopper) })
        ).json()) as OrderView,
      (seen) => seen.status === 'CONFIRMED',
      20_000,
      'the order to be confirmed',
    );
    expect(confirmed.steps?.map((step) => step.step)).toContain('commit-stock');

    const again = await checkout(shopper, key, body);
    expect(again.status).toBe(202);
    expect(((await again.json()) as OrderView).id).toBe(order.id);

    const stranger = await register();
    const hidden = await fetch(`${api}/orders/${order.id}`, { headers: bearer(stranger) });
    expect(hidden.status).toBe(404);
    expect((await problemOf(hidden)).code).toBe('ORDER_NOT_FOUND');
  });

  it('answers a missing Idempotency-Key and an empty cart with problem+json', async () => {
    const shopper = await register();
    const body = {
      shippingAddress: SHIPPING_ADDRESS,
      cardToken: 'tok_approved',
    };
    const missing = await checkout(shopper, undefined, body);
    expect(missing.status).toBe(400);
    expect((await problemOf(missing)).code).toBe('VALIDATION_FAILED');
    const empty = await checkout(shopper, randomUUID(), body);
    expect(empty.status).toBe(409);
    expect((await problemOf(empty)).code).toBe('CART_EMPTY');
  });

  it('lists my orders newest first with a cursor, and empties the cart of what it ordered', async () => {
    const product = await productWithStock(20);
    const shopper = await register();
    const put = await fetch(`${api}/cart/items/${product.id}`, {
      method: 'PUT',
      headers: jsonHeaders(shopper),
      body: JSON.stringify({ quantity: 2 }),
    });
    expect(put.status).toBe(200);
    const fromCart = await placed(shopper, {});
    expect(fromCart.lines).toEqual([
      expect.objectContaining({
        productId: product.id,
        quantity: 2,
        cartUnitPrice: product.price,
        priceChanged: false,
      }),
    ]);
    await expect(get<CartView>('/cart', shopper)).resolves.toMatchObject({ lines: [], itemCount: 0 });
    const explicit = [
      await placed(shopper, { lines: [{ productId: product.id, quantity: 1 }] }),
      await placed(shopper, { lines: [{ productId: product.id, quantity: 3 }] }),
    ];

    const first = await get<OrderPage>('/orders?limit=2', shopper);
    expect(first.items.map((order) => order.id)).toEqual([explicit[1].id, explicit[0].id]);
    expect(first.items[0]).toMatchObject({
      total: { amountMinor: 3 * product.price.amountMinor, currency: product.price.currency },
      linesCount: 1,
      createdAt: explicit[1].createdAt,
    });
    const rest = await get<OrderPage>(`/orders?limit=2&cursor=${first.nextCursor}`, shopper);
    expect(rest).toEqual({ items: [expect.objectContaining({ id: fromCart.id })], nextCursor: null });
    const badCursor = await fetch(`${api}/orders?cursor=${fromCart.id}`, { headers: bearer(shopper) });
    expect(badCursor.status).toBe(400);
    expect((await problemOf(badCursor)).code).toBe('VALIDATION_FAILED');
    expect((await fetch(`${api}/orders`)).status).toBe(401);
    for (const order of [fromCart, ...explicit]) await settled(shopper, order.id, 'CONFIRMED');
  });

  it('charges the price at checkout and says so when it changed since the cart', async () => {
    const product = await productWithStock(5);
    const shopper = await register();
    await fetch(`${api}/cart/items/${product.id}`, {
      method: 'PUT',
      headers: jsonHeaders(shopper),
      body: JSON.stringify({ quantity: 1 }),
    });
    const patched = await fetch(`${api}/products/${product.id}`, {
      method: 'PATCH',
      headers: jsonHeaders(adminToken),
      body: JSON.stringify({ priceMinor: product.price.amountMinor + 100 }),
    });
    expect(patched.status).toBe(200);
    const order = await placed(shopper, {});
    expect(order.total.amountMinor).toBe(product.price.amountMinor + 100);
    expect(order.lines).toEqual([
      expect.objectContaining({
        unitPrice: { ...product.price, amountMinor: product.price.amountMinor + 100 },
        cartUnitPrice: product.price,
        priceChanged: true,
      }),
    ]);
    await expect(orderOf(shopper, order.id)).resolves.toMatchObject({ lines: order.lines });
    await settled(shopper, order.id, 'CONFIRMED');
  });

  it('cancels a confirmed order into a refund, refuses a second cancel, and hides it from other shoppers', async () => {
    const product = await productWithStock(5);
    const shopper = await register();
    const order = await placed(shopper, { lines: [{ productId: product.id, quantity: 1 }] });
    await settled(shopper, order.id, 'CONFIRMED');

    const stranger = await register();
    const hidden = await cancel(stranger, order.id);
    expect(hidden.status).toBe(404);
    expect((await problemOf(hidden)).code).toBe('ORDER_NOT_FOUND');

    const cancelled = await cancel(shopper, order.id);
    expect(cancelled.status).toBe(202);
    expect(((await cancelled.json()) as OrderView).status).toBe('REFUNDING');
    const refunded = await settled(shopper, order.id, 'REFUNDED');
    expect(refunded.steps?.slice(-2)).toEqual([
      expect.objectContaining({ step: 'cancel', detail: 'cancelled by the shopper' }),
      expect.objectContaining({ step: 'refund', kind: 'compensation', outcome: 'succeeded' }),
    ]);
    const again = await cancel(shopper, order.id);
    expect(again.status).toBe(409);
    expect((await problemOf(again)).code).toBe('ORDER_STATE');

    // Administrators find it by status, with whose it is; shoppers may not list every order.
    const refundedOrders = await get<AdminOrderPage>('/admin/orders?status=REFUNDED&limit=100', adminToken);
    expect(refundedOrders.items).toContainEqual(
      expect.objectContaining({ id: order.id, status: 'REFUNDED', userId: expect.any(String) }),
    );
    expect(refundedOrders.items.every((item) => item.status === 'REFUNDED')).toBe(true);
    const confirmed = await get<AdminOrderPage>('/admin/orders?status=CONFIRMED', adminToken);
    expect(confirmed.items.map((item) => item.id)).not.toContain(order.id);
    const parked = await get<AdminOrderPage>('/admin/orders?status=COMPENSATION_FAILED', adminToken);
    expect(parked.items.every((item) => item.status === 'COMPENSATION_FAILED')).toBe(true);
    const asShopper = await fetch(`${api}/admin/orders`, { headers: bearer(shopper) });
    expect(asShopper.status).toBe(403);
    const badStatus = await fetch(`${api}/admin/orders?status=LOST`, { headers: bearer(adminToken) });
    expect(badStatus.status).toBe(400);
    expect((await problemOf(badStatus)).code).toBe('VALIDATION_FAILED');
  });

  it('answers each bad checkout with a 4xx problem+json and writes nothing', async () => {
    const euros = await productWithStock(5);
    const dollars = await productWithStock(5, 'USD');
    const gone = await productWithStock(5);
    const deleted = await fetch(`${api}/products/${gone.id}`, {
      method: 'DELETE',
      headers: bearer(adminToken),
    });
    expect(deleted.status).toBe(204);
    const shopper = await register();
    await fetch(`${api}/cart/items/${euros.id}`, {
      method: 'PUT',
      headers: jsonHeaders(shopper),
      body: JSON.stringify({ quantity: 1 }),
    });
    const line = (productId: string, quantity = 1) => ({ ...shipping, lines: [{ productId, quantity }] });

    const cases: Array<[string, string | undefined, unknown, number, string]> = [
      ['a malformed Idempotency-Key', 'not a key', line(euros.id), 400, 'any'],
      ['quantity 0', randomUUID(), line(euros.id, 0), 400, 'VALIDATION_FAILED'],
      ['a quantity above the limit', randomUUID(), line(euros.id, 101), 400, 'VALIDATION_FAILED'],
      ['an unknown product', randomUUID(), line(randomUUID()), 404, 'PRODUCT_NOT_FOUND'],
      ['a deleted product', randomUUID(), line(gone.id), 404, 'PRODUCT_NOT_FOUND'],
      [
        'products in two currencies',
        randomUUID(),
        {
          ...shipping,
          lines: [
            { productId: euros.id, quantity: 1 },
            { productId: dollars.id, quantity: 1 },
          ],
        },
        409,
        'ORDER_CURRENCY_MISMATCH',
      ],
      ['a price from the client', randomUUID(), { ...line(euros.id), total: 1 }, 400, 'VALIDATION_FAILED'],
    ];
    for (const [what, key, body, status, code] of cases) {
      const response = await checkout(shopper, key, body);
      expect({ what, status: response.status }).toEqual({ what, status });
      const problem = await problemOf(response);
      // How a malformed key is named is the gateway's Idempotency-Key feature's to say; that it is 400 is the draft's.
      if (key !== 'not a key') expect({ what, code: problem.code }).toEqual({ what, code });
    }
    const unknownOrder = await fetch(`${api}/orders/${randomUUID()}`, { headers: bearer(shopper) });
    expect(unknownOrder.status).toBe(404);
    expect((await problemOf(unknownOrder)).code).toBe('ORDER_NOT_FOUND');
    const notAnId = await cancel(shopper, 'not-an-id');
    expect(notAnId.status).toBe(400);

    // Nothing half-written: no order, the cart as it was, the stock untouched.
    await expect(get<OrderPage>('/orders', shopper)).resolves.toEqual({ items: [], nextCursor: null });
    await expect(get<CartView>('/cart', shopper)).resolves.toMatchObject({
      lines: [expect.objectContaining({ productId: euros.id, quantity: 1 })],
    });
  });

  /**
   * The order's event goes from orders' outbox over the bus to notifications, which renders and sends the email
   * (to the log here): a real checkout ends with it in the shopper's GET /me/notifications.
   */
  describe('order emails', () => {
    let product: ProductView;

    beforeAll(async () => {
      // A product of their own: the checkouts above set the first one's stock.
      [, product] = ((await (await fetch(`${api}/products?limit=2`)).json()) as ProductPage).items;
      const stocked = await fetch(`${api}/inventory/${product.sku}`, {
        method: 'PUT',
        headers: jsonHeaders(adminToken),
        body: JSON.stringify({ setOnHand: 20, reason: 'order emails e2e' }),
      });
      expect(stocked.status).toBe(200);
    });

    /** Puts `quantity` of the product in the shopper's cart, checks the cart out, and waits for the saga's end. */
    async function checkOutCart(shopper: string, quantity: number, cardToken: string): Promise<OrderView> {
      const put = await fetch(`${api}/cart/items/${product.id}`, {
        method: 'PUT',
        headers: jsonHeaders(shopper),
        body: JSON.stringify({ quantity }),
      });
      expect(put.status).toBe(200);
      const placed = await fetch(`${api}/orders`, {
        method: 'POST',
        headers: { ...jsonHeaders(shopper), 'idempotency-key': randomUUID() },
        body: JSON.stringify({
          shippingAddress: SHIPPING_ADDRESS,
          cardToken,
        }),
      });
      expect(placed.status).toBe(202);
      const { id } = (await placed.json()) as OrderView;
      return eventually(
        async () =>
          (await (await fetch(`${api}/orders/${id}`, { headers: bearer(shopper) })).json()) as OrderView,
        (order) => order.status === 'CONFIRMED' || order.status === 'CANCELLED',
        30_000,
        `order ${id} to be over`,
      );
    }

    /** The shopper's notification caused by the order's `eventType`, once it is sent. */
    const sentEmailOf = (shopper: string, eventType: string) =>
      eventually(
        async () => {
          const response = await fetch(`${api}/me/notifications`, { headers: bearer(shopper) });
          expect(response.status).toBe(200);
          return ((await response.json()) as NotificationPage).items.find(
            (item) => item.eventType === eventType,
          );
        },
        (item) => item?.status === 'sent',
        20_000,
        `the ${eventType} email to be sent`,
      );

    const money = (minorUnits: number) =>
      new Intl.NumberFormat('en', { style: 'currency', currency: product.price.currency }).format(
        minorUnits / 100,
      );

    it('a confirmed checkout ends with the confirmation email, its line and total, in GET /me/notifications', async () => {
      const shopper = await registerShopper(platform.gatewayUrl, 'order-email');
      const order = await checkOutCart(shopper, 2, PSP_TEST_CARDS.approved);
      expect(order.status).toBe('CONFIRMED');

      const email = await sentEmailOf(shopper, 'orders.order.confirmed.v1');
      expect(email).toMatchObject({
        channel: 'email',
        subject: `Your Bazaar order ${order.id} is confirmed`,
      });
      const unit = product.price.amountMinor;
      expect(email?.body).toContain(`  2 × ${product.name} at ${money(unit)} each: ${money(2 * unit)}`);
      expect(email?.body).toContain(`Total: ${money(2 * unit)}`);
    });

    it('a declined card ends with the cancellation email, saying why in plain words', async () => {
      const shopper = await registerShopper(platform.gatewayUrl, 'order-email');
      const order = await checkOutCart(shopper, 1, PSP_TEST_CARDS.declined);
      expect(order.status).toBe('CANCELLED');

      const email = await sentEmailOf(shopper, 'orders.order.cancelled.v1');
      expect(email?.subject).toBe(`Your Bazaar order ${order.id} was cancelled`);
      expect(email?.body).toContain(
        `your order ${order.id} was cancelled: your card was declined by its issuer.`,
      );
      expect(email?.body).toContain(`Total: ${money(product.price.amountMinor)}`);
    });
  });
});

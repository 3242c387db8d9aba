'use strict';

const { randomUUID } = require('node:crypto');
const { lastValueFrom } = require('rxjs');
const { unary } = require('./grpc-load');

const SHIPPING_ADDRESS = {
  name: 'Bench Shopper',
  line1: '1 Main St',
  city: 'Lyon',
  postalCode: '69001',
  country: 'FR',
};

/** Sends one RPC as a caller would: the platform's envelope, a request ID, the shopper when there is one. */
function rpc(client, pattern, data, caller) {
  return lastValueFrom(
    client.send(pattern, { meta: { requestId: randomUUID(), ...(caller ? { caller } : {}) }, data }),
  );
}

/**
 * The three units of work of bench/checkout, each `(channel, worker, turn)` as `measureWork` calls them, where a
 * channel is `{ orders, payments, catalog, inventory }` (Nest TCP clients and a gRPC client) and `worker` the
 * shopper. Each orders one unit of `products[turn % products.length]`.
 *  - checkout: `orders.checkout`, then waits for the order to end (`watcher`); CONFIRMED or it fails. Records the
 *    time from the call to the confirming transaction in `measured.confirmedIn` for orders placed from
 *    `measured.fromMs` on.
 *  - calls: the saga's remote calls in its order, with its keys, and nothing of the saga itself: the price from
 *    catalog, Reserve, payments' authorize, its list by order (how the saga finds the payment to capture),
 *    capture, Commit.
 *  - bare: Reserve, an authorization straight at psp-sandbox over HTTP, Commit; nothing persisted by the caller.
 */
function checkoutWorkloads({ contracts, products, psp, watcher, shoppers, measured }) {
  const { ORDERS_PATTERNS, CATALOG_PATTERNS, PAYMENTS_PATTERNS, PSP_TEST_CARDS } = contracts;
  const reserve = (channel, reservationId, orderId, product) =>
    unary(channel.inventory, 'Reserve', {
      reservationId,
      orderId,
      lines: [{ sku: product.sku, quantity: 1 }],
    });

  return {
    async checkout(channel, worker, turn) {
      const product = products[turn % products.length];
      const startedAtMs = Date.now();
      const order = await rpc(
        channel.orders,
        ORDERS_PATTERNS.checkout,
        {
          idempotencyKey: randomUUID(),
          lines: [{ productId: product.id, quantity: 1 }],
          shippingAddress: SHIPPING_ADDRESS,
          cardToken: PSP_TEST_CARDS.approved,
        },
        shoppers[worker],
      );
      const { status, endedAtMs } = await watcher.ended(order.id);
      if (status !== 'CONFIRMED') throw new Error(`order ${order.id} ended ${status}`);
      if (startedAtMs >= measured.fromMs) measured.confirmedIn.record(Math.max(0, endedAtMs - startedAtMs));
    },

    async calls(channel, _worker, turn) {
      const orderId = `bench-${randomUUID()}`;
      const reservationId = randomUUID();
      const product = await rpc(channel.catalog, CATALOG_PATTERNS.getProduct, {
        id: products[turn % products.length].id,
      });
      await reserve(channel, reservationId, orderId, product);
      const authorized = await rpc(channel.payments, PAYMENTS_PATTERNS.authorize, {
        orderId,
        amount: product.price.amountMinor,
        currency: product.price.currency,
        cardToken: PSP_TEST_CARDS.approved,
        idempotencyKey: `${orderId}:authorize-payment`,
      });
      if (authorized.status !== 'AUTHORIZED') throw new Error(`payments answered ${authorized.status}`);
      const { items } = await rpc(channel.payments, PAYMENTS_PATTERNS.list, { orderId });
      const captured = await rpc(channel.payments, PAYMENTS_PATTERNS.capture, {
        paymentId: items[0].id,
        idempotencyKey: `${orderId}:capture-payment`,
      });
      if (captured.status !== 'CAPTURED')
        throw new Error(`payments answered ${captured.status} to the capture`);
      await unary(channel.inventory, 'Commit', { reservationId });
    },

    async bare(channel, _worker, turn) {
      const product = products[turn % products.length];
      const orderId = `bench-${randomUUID()}`;
      const reservationId = randomUUID();
      await reserve(channel, reservationId, orderId, product);
      const response = await fetch(`${psp}/v1/authorizations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': `${orderId}:authorize-payment` },
        body: JSON.stringify({
          amount: product.price.amountMinor,
          currency: product.price.currency,
          cardToken: PSP_TEST_CARDS.approved,
          reference: orderId,
        }),
      });
      const body = await response.json();
      if (response.status !== 201 || body.status !== 'authorized')
        throw new Error(`psp answered ${response.status}`);
      await unary(channel.inventory, 'Commit', { reservationId });
    },
  };
}

module.exports = { checkoutWorkloads, rpc };

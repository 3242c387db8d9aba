import { randomUUID } from 'node:crypto';
import { NotificationPage, OrderView, ProductPage, ProductView, PSP_TEST_CARDS } from '@bazaar/contracts';
import { bearer, jsonHeaders, login, registerShopper, SHIPPING_ADDRESS } from '../support/api';
import { eventually } from '../support/eventually';
import { E2E_ADMIN, RunningPlatform, startPlatform } from '../support/platform';

/**
 * A real checkout through the gateway ends with an email in the shopper's GET /me/notifications: the order's
 * event goes from orders' outbox over the bus to notifications, which renders and sends it (to the log here).
 */
describe('order emails through the gateway (e2e)', () => {
  let platform: RunningPlatform;
  let api: string;
  let adminToken: string;
  let product: ProductView;

  beforeAll(async () => {
    platform = await startPlatform();
    api = `${platform.gatewayUrl}/api/v1`;
    adminToken = (await login(platform.gatewayUrl, E2E_ADMIN.email, E2E_ADMIN.password)).accessToken;
    [product] = ((await (await fetch(`${api}/products?limit=1`)).json()) as ProductPage).items;
    const stocked = await fetch(`${api}/inventory/${product.sku}`, {
      method: 'PUT',
      headers: jsonHeaders(adminToken),
      body: JSON.stringify({ setOnHand: 20, reason: 'order emails e2e' }),
    });
    expect(stocked.status).toBe(200);
  }, 120_000);

  afterAll(async () => {
    if (platform) await expect(platform.stop()).resolves.toBe(0);
  }, 60_000);

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
    expect(email).toMatchObject({ channel: 'email', subject: `Your Bazaar order ${order.id} is confirmed` });
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

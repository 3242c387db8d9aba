import { randomUUID } from 'node:crypto';
import { Browser, chromium, Locator, Page } from 'playwright-core';
import { NotificationPage, OrderView, ProductPage } from '@bazaar/contracts';
import { jsonHeaders, login, registerShopper, SHIPPING_ADDRESS } from '../support/api';
import { E2E_ADMIN, RunningPlatform, startPlatform } from '../support/platform';
import { describeIf, findChromium } from '../support/skip';

const CHROMIUM = findChromium();
const suite = describeIf(CHROMIUM.ok, CHROMIUM.missing);

interface Answer {
  status: number;
  body: unknown;
}

/**
 * The Swagger UI is a page people use: open it, try the product list, see the real answer rendered; and a shopper
 * buys through it as a person would — authorizes with their token, fills the cart and checks out with "Try it out",
 * watches the order become CONFIRMED, and finds the confirmation email in their notifications. One platform for all
 * (each start costs the tier half a minute).
 */
suite('Swagger UI (browser)', () => {
  let platform: RunningPlatform;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    platform = await startPlatform();
    browser = await chromium.launch({
      executablePath: CHROMIUM.path,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  }, 120_000);

  // A fresh page for each: one signed in by an earlier test would show "Logout" where the next one authorizes.
  beforeEach(async () => {
    page = await browser.newPage();
  });

  afterEach(async () => {
    await page?.close();
  });

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  }, 60_000);

  it('runs "Try it out" on the product list and renders the 200 response', async () => {
    await page.goto(`${platform.gatewayUrl}/docs`);
    await page.getByRole('heading', { name: /Bazaar API/ }).waitFor({ timeout: 20_000 });

    const operation = page
      .locator('.opblock-get')
      .filter({ has: page.locator('[data-path="/api/v1/products"]') });
    await operation.locator('.opblock-summary').click();
    await operation.getByRole('button', { name: 'Try it out' }).click();
    await operation.locator('tr[data-param-name="limit"] input').fill('2');
    await operation.getByRole('button', { name: 'Execute' }).click();

    const response = operation.locator('.live-responses-table tr.response');
    await response.waitFor({ timeout: 20_000 });
    await expect(response.locator('.response-col_status').innerText()).resolves.toContain('200');
    const body = await response.locator('.response-col_description .microlight').first().innerText();
    const parsed = JSON.parse(body) as { items: Array<{ sku: string }>; nextCursor: string };
    expect(parsed.items).toHaveLength(2);
    expect(parsed.items[0].sku).toEqual(expect.any(String));
    expect(parsed.nextCursor).toEqual(expect.any(String));
  }, 60_000);

  it('"Authorize" with an access token, then "Try it out" on /api/v1/me shows the signed-in user', async () => {
    const { accessToken } = await login(platform.gatewayUrl, E2E_ADMIN.email, E2E_ADMIN.password);
    await page.goto(`${platform.gatewayUrl}/docs`);
    await page.getByRole('heading', { name: /Bazaar API/ }).waitFor({ timeout: 20_000 });

    await page.locator('.auth-wrapper .authorize').click();
    const dialog = page.locator('.modal-ux');
    await dialog.locator('input[type="text"], input[type="password"]').first().fill(accessToken);
    await dialog.locator('button.authorize').click();
    await dialog.locator('button.btn-done').click();

    const operation = page.locator('.opblock-get').filter({ has: page.locator('[data-path="/api/v1/me"]') });
    await operation.locator('.opblock-summary').click();
    await operation.getByRole('button', { name: 'Try it out' }).click();
    await operation.getByRole('button', { name: 'Execute' }).click();

    const response = operation.locator('.live-responses-table tr.response');
    await response.waitFor({ timeout: 20_000 });
    await expect(response.locator('.response-col_status').innerText()).resolves.toContain('200');
    const body = await response.locator('.response-col_description .microlight').first().innerText();
    expect(JSON.parse(body)).toMatchObject({
      email: E2E_ADMIN.email,
      roles: expect.arrayContaining(['admin']),
    });
  }, 60_000);

  /** Opens an operation's panel and switches it to "Try it out". */
  async function tryOut(method: 'get' | 'put' | 'post', path: string): Promise<Locator> {
    const operation = page
      .locator(`.opblock-${method}`)
      .filter({ has: page.locator(`[data-path="${path}"]`) });
    await operation.locator('.opblock-summary').click();
    await operation.getByRole('button', { name: 'Try it out' }).click();
    return operation;
  }

  /** Presses "Execute" (clearing the previous answer first) and reads the answer the UI renders. */
  async function execute(operation: Locator): Promise<Answer> {
    const clear = operation.locator('button.btn-clear');
    if (await clear.isVisible()) await clear.click();
    await operation.getByRole('button', { name: 'Execute' }).click();
    const response = operation.locator('.live-responses-table tr.response');
    await response.waitFor({ timeout: 20_000 }).catch(async (error: Error) => {
      // Say what the panel shows instead (a validation message, an error), not only that it timed out.
      throw new Error(`${error.message}\nthe panel shows:\n${(await operation.innerText()).slice(0, 3_000)}`);
    });
    const status = Number((await response.locator('.response-col_status').innerText()).trim());
    const text = await response.locator('.response-col_description .microlight').first().innerText();
    return { status, body: JSON.parse(text) as unknown };
  }

  /** Executes again until the answer satisfies `done`, as a person pressing Execute every second would. */
  async function executeUntil<T>(operation: Locator, done: (body: T) => boolean, what: string): Promise<T> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const answer = await execute(operation);
      expect(answer.status).toBe(200);
      if (done(answer.body as T)) return answer.body as T;
      if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(answer.body)}`);
      await page.waitForTimeout(1_000);
    }
  }

  it('a shopper fills the cart, checks out with an Idempotency-Key, sees CONFIRMED and the email in /me/notifications', async () => {
    const api = `${platform.gatewayUrl}/api/v1`;
    const [product] = ((await (await fetch(`${api}/products?limit=1`)).json()) as ProductPage).items;
    const admin = await login(platform.gatewayUrl, E2E_ADMIN.email, E2E_ADMIN.password);
    const stocked = await fetch(`${api}/inventory/${product.sku}`, {
      method: 'PUT',
      headers: jsonHeaders(admin.accessToken),
      body: JSON.stringify({ setOnHand: 10, reason: 'browser checkout' }),
    });
    expect(stocked.status).toBe(200);
    const shopper = await registerShopper(platform.gatewayUrl, 'browser');
    await page.goto(`${platform.gatewayUrl}/docs`);
    await page.getByRole('heading', { name: /Bazaar API/ }).waitFor({ timeout: 20_000 });

    await page.locator('.auth-wrapper .authorize').click();
    const dialog = page.locator('.modal-ux');
    await dialog.locator('input[type="text"], input[type="password"]').first().fill(shopper);
    await dialog.locator('button.authorize').click();
    await dialog.locator('button.btn-done').click();

    const putItem = await tryOut('put', '/api/v1/cart/items/{productId}');
    await putItem.locator('tr[data-param-name="productId"] input').fill(product.id);
    await putItem.locator('textarea.body-param__text').fill(JSON.stringify({ quantity: 2 }));
    const cart = await execute(putItem);
    expect(cart.status).toBe(200);
    expect(cart.body).toMatchObject({
      lines: [expect.objectContaining({ productId: product.id, quantity: 2 })],
    });

    const checkout = await tryOut('post', '/api/v1/orders');
    await checkout.locator('tr[data-param-name="Idempotency-Key"] input').fill(randomUUID());
    await checkout.locator('textarea.body-param__text').fill(
      JSON.stringify({
        shippingAddress: SHIPPING_ADDRESS,
        cardToken: 'tok_approved',
      }),
    );
    const placed = await execute(checkout);
    expect(placed.status).toBe(202);
    const { id } = placed.body as OrderView;
    expect(placed.body).toMatchObject({
      status: 'PENDING',
      total: { amountMinor: 2 * product.price.amountMinor },
    });

    const getOrder = await tryOut('get', '/api/v1/orders/{id}');
    await getOrder.locator('tr[data-param-name="id"] input').fill(id);
    const order = await executeUntil<OrderView>(
      getOrder,
      (seen) => seen.status === 'CONFIRMED' || seen.status === 'CANCELLED',
      'the order to be over',
    );
    expect(order.status).toBe('CONFIRMED');

    const notifications = await tryOut('get', '/api/v1/me/notifications');
    const inbox = await executeUntil<NotificationPage>(
      notifications,
      (seen) => seen.items.some((item) => item.subject.includes(id) && item.status === 'sent'),
      'the confirmation email',
    );
    const email = inbox.items.find((item) => item.subject.includes(id));
    expect(email).toMatchObject({
      eventType: 'orders.order.confirmed.v1',
      subject: `Your Bazaar order ${id} is confirmed`,
    });
    expect(email?.body).toContain(`2 × ${product.name}`);
    await expect(
      notifications.locator('.response-col_description .microlight').first().innerText(),
    ).resolves.toContain(`Your Bazaar order ${id} is confirmed`);
  }, 150_000);
});

import { randomUUID } from 'node:crypto';
import { Browser, Page } from 'playwright-core';
import { createEnvelope, DeadLetterView, IDENTITY_EVENTS, ProductPage, TokenPair } from '@bazaar/contracts';
import { EmbeddedPostgres } from '@bazaar/persistence';
import { bearer, login } from '../support/api';
import {
  CHROMIUM,
  collectBrowserErrors,
  DESKTOP,
  launchChromium,
  PHONE,
  screenshot,
  seriousAccessibilityViolations,
} from '../support/browser';
import { BusHarness, postgresBusAt } from '../support/event-bus';
import { E2E_ADMIN, RunningPlatform, startPlatform, waitFor } from '../support/platform';
import { describeIf } from '../support/skip';

const suite = describeIf(CHROMIUM.ok, CHROMIUM.missing);

interface Breakers {
  breakers: Array<{ name: string; state: string }>;
}

/**
 * The operator's journey through the console, in Chromium against the platform the launcher starts (the gateway
 * serving the built app): sign in through the shop's sign-in page, adjust a product's stock (the storefront's
 * product page then shows the new availability to a signed-out shopper), create, edit and delete a product,
 * replay and drop a dead letter, read the payment breaker's state. Every console page is scanned with axe at
 * desktop and phone width, and the browser must report no error. One platform for all.
 */
suite('the admin console (browser)', () => {
  let platform: RunningPlatform;
  let api: string;
  let admin: TokenPair;
  let database: EmbeddedPostgres;
  let bus: BusHarness;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  /** What the shoppers' browsers (storefrontAvailability) reported: must stay empty too. */
  const shopperErrors: string[] = [];

  beforeAll(async () => {
    platform = await startPlatform();
    api = `${platform.gatewayUrl}/api/v1`;
    admin = await login(platform.gatewayUrl, E2E_ADMIN.email, E2E_ADMIN.password);
    // A side door onto the platform's own bus, to put a poison message on it as a broken producer would.
    database = await EmbeddedPostgres.start({
      home: platform.home,
      port: Number(platform.env.BAZAAR_PG_PORT),
    });
    bus = await postgresBusAt(database.url('bus'));
    browser = await launchChromium();
    // One page for the journey: the access token lives in the page's memory, as it does for a person.
    page = await (await browser.newContext({ viewport: DESKTOP })).newPage();
    errors = collectBrowserErrors(page);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await bus?.close();
    await platform?.stop();
  }, 60_000);

  afterEach(() => {
    expect(errors).toEqual([]);
    expect(shopperErrors).toEqual([]);
  });

  /** Follows a link of the console's navigation, as a person would, and waits for the page's heading. */
  async function openSection(name: string, heading: string | RegExp): Promise<void> {
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  }

  async function expectAccessible(): Promise<void> {
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  }

  /**
   * What the storefront's product page says of the product's availability to a shopper who opens it now, signed
   * out, in a browser of their own. A fresh context each time: product answers are publicly cacheable for 30 s, so
   * a browser that has seen the page may rightly show the old level for that long; a new visitor must not.
   */
  async function storefrontAvailability(productId: string, name: string): Promise<string> {
    const shopper = await browser.newContext({ viewport: DESKTOP });
    const shop = await shopper.newPage();
    const shopErrors = collectBrowserErrors(shop);
    try {
      await shop.goto(`${platform.gatewayUrl}/products/${productId}`);
      await shop.getByRole('heading', { level: 1, name }).waitFor({ timeout: 10_000 });
      await shop.getByRole('link', { name: 'Sign in to add this to your cart' }).waitFor({ timeout: 10_000 });
      return await shop.locator('.product-page__availability').innerText();
    } finally {
      await shopper.close();
      shopperErrors.push(...shopErrors);
    }
  }

  /** Waits, within a bound, for a new visitor to the storefront's product page to read `wording`. */
  async function storefrontShows(productId: string, name: string, wording: string): Promise<void> {
    let shown = '';
    await waitFor(`the storefront's product page to say "${wording}"`, async () => {
      shown = await storefrontAvailability(productId, name);
      return shown === wording;
    }).catch((error: Error) => {
      throw new Error(`${error.message} (it said "${shown}")`);
    });
  }

  it('sends a signed-out visitor to the sign-in page and back to the console, which shows the breaker', async () => {
    await page.goto(`${platform.gatewayUrl}/admin`);
    await page.waitForURL(/\/sign-in\?next=%2Fadmin$/);
    await page.getByLabel('Email').fill(E2E_ADMIN.email);
    await page.getByLabel('Password').fill(E2E_ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();

    await page.getByRole('heading', { level: 1, name: 'Console' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin');
    const { breakers } = (await (
      await fetch(`${api}/admin/payments/breakers`, { headers: bearer(admin.accessToken) })
    ).json()) as Breakers;
    expect(breakers.length).toBeGreaterThan(0);
    const cards = page.getByRole('list', { name: 'Sections' });
    await cards.getByText(`Breaker ${breakers[0].name}: ${breakers[0].state}`).waitFor();
    await cards.getByText('0 dead letters').waitFor();
    await expectAccessible();
  }, 60_000);

  it('adjusts a product’s stock from its row; the log records it and the shop shows the new availability', async () => {
    const [product] = ((await (await fetch(`${api}/products?limit=1`)).json()) as ProductPage).items;
    // What the storefront says before the console changes anything: the text that must change.
    expect(await storefrontAvailability(product.id, product.name)).not.toBe('Out of stock');

    await openSection('Products', 'Products');
    await page.getByLabel('Search products').fill(product.name);
    await page.getByRole('button', { name: 'Search' }).click();
    const row = page.getByRole('row').filter({ hasText: product.sku });
    await row.getByRole('link', { name: `Stock of ${product.name}` }).click();
    await page.getByRole('heading', { level: 2, name: product.sku }).waitFor();
    await expectAccessible();

    // A stock take finds none left: the shop says it is out.
    await page.getByLabel('New on-hand count').fill('0');
    await page.getByLabel('Reason').fill('Browser journey: stock take');
    await page.getByRole('button', { name: 'Save adjustment' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `${product.sku} now has 0 on hand, 0 available.` })
      .waitFor();
    await page.getByRole('row').filter({ hasText: 'Browser journey: stock take' }).waitFor();
    await storefrontShows(product.id, product.name, 'Out of stock');

    // A delivery of three: low stock, as the shop shows it.
    await page.getByLabel('Add or remove units').check();
    await page.getByLabel('Units to add (negative to remove)').fill('3');
    await page.getByLabel('Reason').fill('Browser journey: delivery');
    await page.getByRole('button', { name: 'Save adjustment' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `${product.sku} now has 3 on hand, 3 available.` })
      .waitFor();
    const delivery = page.getByRole('row').filter({ hasText: 'Browser journey: delivery' });
    await expect(delivery.getByRole('cell').nth(1).innerText()).resolves.toBe('+3');
    await storefrontShows(product.id, product.name, 'Only a few left');
    await expectAccessible();
    await screenshot(page, 'console', { forReadme: true });

    // The products list (the console's own view of the catalog) shows the count too, once it has asked again.
    await openSection('Products', 'Products');
    await page.getByLabel('Search products').fill(product.name);
    await page.getByRole('button', { name: 'Search' }).click();
    await page
      .getByRole('row')
      .filter({ hasText: product.sku })
      .getByRole('cell')
      .filter({ hasText: '3 (Low)' })
      .waitFor();
  }, 90_000);

  it('creates a product, renames it and deletes it after confirming', async () => {
    const [existing] = ((await (await fetch(`${api}/products?limit=1`)).json()) as ProductPage).items;
    const sku = `WEB-${randomUUID().slice(0, 8).toUpperCase()}`;
    await openSection('Products', 'Products');
    await page.getByRole('link', { name: 'New product' }).click();
    await page.getByRole('heading', { level: 1, name: 'New product' }).waitFor();
    await page.getByLabel('SKU').fill(sku);
    await page.getByLabel('Name').fill('Browser Journey Mug');
    await page.getByLabel('Description').fill('Made by the console journey.');
    await page.getByLabel('Price').fill('12.50');
    await page.getByLabel('Category').fill(existing.category.slug);
    await page.getByRole('button', { name: 'Create product' }).click();
    await page.getByRole('heading', { level: 1, name: 'Browser Journey Mug' }).waitFor();
    await page.getByRole('status').filter({ hasText: 'Product created.' }).waitFor();
    await expectAccessible();
    const id = new URL(page.url()).pathname.split('/').pop()!;

    await page.getByLabel('Name').fill('Browser Journey Mug, large');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved Browser Journey Mug, large.' }).waitFor();
    const saved = (await (await fetch(`${api}/products/${id}`)).json()) as ProductPage['items'][number];
    expect(saved).toMatchObject({ sku, name: 'Browser Journey Mug, large', price: { amountMinor: 1250 } });

    await openSection('Products', 'Products');
    await page.getByLabel('Search products').fill('Browser Journey Mug');
    await page.getByRole('button', { name: 'Search' }).click();
    const row = page.getByRole('row').filter({ hasText: sku });
    await row.getByRole('button', { name: /^Delete/ }).click();
    await row.getByRole('button', { name: 'Yes, delete' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Deleted Browser Journey Mug, large (${sku}).` })
      .waitFor();
    await row.waitFor({ state: 'detached' });
    expect((await fetch(`${api}/products/${id}`)).status).toBe(404);
  }, 90_000);

  it('replays a dead letter and drops the one its replay left, each announced', async () => {
    const poison = createEnvelope({
      type: IDENTITY_EVENTS.userRegistered.type,
      producer: 'a-broken-producer',
      correlationId: 'browser-poison',
      aggregateId: randomUUID(),
      payload: { userId: randomUUID(), email: 'not an email', registeredAt: new Date().toISOString() },
    });
    await bus.publish(poison);
    const letters = async (): Promise<DeadLetterView[]> => {
      const response = await fetch(`${api}/admin/dead-letters?service=notifications`, {
        headers: bearer(admin.accessToken),
      });
      return ((await response.json()) as { items: DeadLetterView[] }).items;
    };
    let letter: DeadLetterView | undefined;
    await waitFor('the poison message in the dead-letter queue', async () => {
      letter = (await letters()).find((candidate) => candidate.eventId === poison.id);
      return letter !== undefined;
    });

    await openSection('Dead letters', 'Dead letters');
    const row = page.getByRole('row').filter({ hasText: letter!.id });
    await expect(row.innerText()).resolves.toContain('email must be an email');
    await expectAccessible();
    await row.getByRole('button', { name: /^Replay/ }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Replayed ${poison.type} for notifications (${letter!.id}).` })
      .waitFor();
    await row.waitFor({ state: 'detached' });

    // The replayed message fails validation again: it comes back as a new dead letter, which the page lists.
    let again: DeadLetterView | undefined;
    await waitFor('the replayed message to be dead-lettered again', async () => {
      again = (await letters()).find((candidate) => candidate.eventId === poison.id);
      return again !== undefined && again.id !== letter!.id;
    });
    await page.getByLabel('Service').selectOption('notifications');
    const returned = page.getByRole('row').filter({ hasText: again!.id });
    // With the keyboard alone: the question takes the focus to its confirming button, Enter confirms.
    await returned.getByRole('button', { name: /^Drop/ }).focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction('document.activeElement?.textContent === "Yes, drop"', undefined, {
      timeout: 5_000,
    });
    await page.keyboard.press('Enter');
    await page
      .getByRole('status')
      .filter({ hasText: `Dropped ${poison.type}` })
      .waitFor();
    await returned.waitFor({ state: 'detached' });
    expect((await letters()).some((candidate) => candidate.eventId === poison.id)).toBe(false);
  }, 90_000);

  it('shows the payment breaker’s state as the API reports it, and keeps it current', async () => {
    await openSection('Payments', 'Payments');
    const { breakers } = (await (
      await fetch(`${api}/admin/payments/breakers`, { headers: bearer(admin.accessToken) })
    ).json()) as Breakers;
    const summary = breakers.map((breaker) => `${breaker.name} is ${breaker.state}.`).join(' ');
    const panel = page.getByRole('region', { name: 'Circuit breakers' });
    await panel.getByRole('status').filter({ hasText: summary }).waitFor();
    // Asked again every few seconds: a second answer arrives without any action on the page.
    const answered = page.waitForResponse((response) => response.url().endsWith('/admin/payments/breakers'), {
      timeout: 12_000,
    });
    await expect(answered.then((response) => response.status())).resolves.toBe(200);
    await expectAccessible();
  }, 60_000);

  it('every console page passes axe on a phone, with no page wider than the screen', async () => {
    await page.setViewportSize(PHONE);
    const pages: Array<[string, string | RegExp]> = [
      ['Overview', 'Console'],
      ['Products', 'Products'],
      ['Stock', 'Stock'],
      ['Orders', 'Orders'],
      ['Payments', 'Payments'],
      ['Dead letters', 'Dead letters'],
      ['Users', 'Users and roles'],
    ];
    for (const [link, heading] of pages) {
      await openSection(link, heading);
      // Let the page's data arrive: its loading status gives way to content.
      await page.locator('.loading').first().waitFor({ state: 'detached', timeout: 15_000 });
      expect({ page: link, violations: await seriousAccessibilityViolations(page) }).toEqual({
        page: link,
        violations: [],
      });
      const overflow = await page.evaluate<number>(
        'document.documentElement.scrollWidth - window.innerWidth',
      );
      expect({ page: link, overflow }).toEqual({ page: link, overflow: 0 });
      if (link === 'Products') await screenshot(page, 'console-phone');
    }
    await openSection('Products', 'Products');
    await page.getByRole('link', { name: 'New product' }).click();
    await page.getByRole('heading', { level: 1, name: 'New product' }).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.goto(`${platform.gatewayUrl}/admin/orders?status=COMPENSATION_FAILED`);
    await page.getByText('No order needs attention.').waitFor();
    await expectAccessible();
    await page.setViewportSize(DESKTOP);
  }, 120_000);
});

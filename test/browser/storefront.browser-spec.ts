import { randomUUID } from 'node:crypto';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { ProductPage, ProductView } from '@bazaar/contracts';
import { jsonHeaders, login } from '../support/api';
import {
  CHROMIUM,
  collectBrowserErrors,
  DESKTOP,
  launchChromium,
  PHONE,
  screenshot,
  seriousAccessibilityViolations,
} from '../support/browser';
import { E2E_ADMIN, RunningPlatform, startPlatform } from '../support/platform';
import { describeIf } from '../support/skip';

const suite = describeIf(CHROMIUM.ok, CHROMIUM.missing);

/** The saga runs in a second or two; a loaded CI machine gets more. */
const SAGA_MS = 45_000;

/**
 * A shopper's journeys through the storefront the gateway serves, in Debian's Chromium: browse, filter by
 * category, search, open a product, sign up and in, fill the cart, check out, see CONFIRMED and the email; a
 * declined card ends CANCELLED with a clear message. Every page is scanned with axe and the browser console must
 * stay quiet. One platform for the suite; the tests run in order, as one shopper's visit.
 */
suite('storefront (browser)', () => {
  let platform: RunningPlatform;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  let product: ProductView;
  let categoryName: string;
  const shopper = {
    email: `shopper-${randomUUID().slice(0, 8)}@example.com`,
    name: 'Grace Shopper',
    password: 'a perfectly fine passphrase',
  };

  beforeAll(async () => {
    platform = await startPlatform();
    browser = await launchChromium();
    const api = `${platform.gatewayUrl}/api/v1`;
    // A book the shopper will find: stocked by the admin, as an operator would before a sale.
    const books = (await (await fetch(`${api}/products?category=books&limit=5`)).json()) as ProductPage;
    product = books.items[books.items.length - 1];
    categoryName = product.category.name;
    const admin = await login(platform.gatewayUrl, E2E_ADMIN.email, E2E_ADMIN.password);
    const stocked = await fetch(`${api}/inventory/${product.sku}`, {
      method: 'PUT',
      headers: jsonHeaders(admin.accessToken),
      body: JSON.stringify({ setOnHand: 50, reason: 'storefront journey' }),
    });
    expect(stocked.status).toBe(200);
    context = await browser.newContext({ viewport: DESKTOP });
    page = await context.newPage();
    errors = collectBrowserErrors(page);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  }, 60_000);

  /** The page as it is now passes axe (no serious or critical violation) and the console has said nothing. */
  async function expectCleanPage(on: Page = page, seen: string[] = errors): Promise<void> {
    await expect(seriousAccessibilityViolations(on)).resolves.toEqual([]);
    expect(seen).toEqual([]);
  }

  const heading = (name: string | RegExp, on: Page = page) => on.getByRole('heading', { level: 1, name });

  /** The order page's status banner, once it shows `status`. */
  async function waitForStatus(status: string, on: Page = page): Promise<string> {
    const banner = on.locator('[role="status"]').filter({ hasText: 'Status:' });
    await banner.locator(`[data-status="${status}"]`).waitFor({ timeout: SAGA_MS });
    return banner.innerText();
  }

  it('browses the products, filters by category, searches and opens a product', async () => {
    await page.goto(platform.gatewayUrl);
    await heading('Products').waitFor();
    await page.locator('.product-card').first().waitFor();
    expect(await page.locator('.product-card').count()).toBe(12);
    // The category list has loaded once the filter is enabled.
    await page.getByLabel('Category').and(page.locator(':enabled')).waitFor();
    await expectCleanPage();
    await screenshot(page, 'storefront', { forReadme: true });

    await page.getByLabel('Category').selectOption(product.category.slug);
    await page.waitForURL(`**/?category=${product.category.slug}`);
    await page.locator('.product-card__category').first().waitFor();
    await expect(page.locator('.product-card__category').allInnerTexts()).resolves.toEqual(
      expect.arrayContaining([categoryName]),
    );
    expect(new Set(await page.locator('.product-card__category').allInnerTexts())).toEqual(
      new Set([categoryName]),
    );

    await page.getByLabel('Search products').fill(product.name);
    await page.getByRole('button', { name: 'Search' }).click();
    await heading(`Results for “${product.name}”`).waitFor();
    await expectCleanPage();
    await page.getByRole('link', { name: product.name, exact: true }).click();

    await heading(product.name).waitFor();
    await expect(page.locator('.product-page__availability').innerText()).resolves.toBe('In stock');
    await expect(page.locator('.product-page__price').innerText()).resolves.toMatch(/\d/);
    await page.getByRole('link', { name: 'Sign in to add this to your cart' }).waitFor();
    await expectCleanPage();
  }, 60_000);

  it('signs up, signs out, signs in again and comes back to the product, then fills the cart', async () => {
    await page.getByRole('link', { name: 'Sign in to add this to your cart' }).click();
    await heading('Sign in').waitFor();
    await page.getByRole('link', { name: 'Create an account' }).click();
    await heading('Create an account').waitFor();
    await expectCleanPage();
    await page.getByLabel('Email').fill(shopper.email);
    await page.getByLabel('Your name').fill(shopper.name);
    await page.getByLabel(/^Password/).fill(shopper.password);
    await page.getByRole('button', { name: 'Create account' }).click();
    // Signed up and in, back where the shopper was going.
    await heading(product.name).waitFor();
    await page.getByText(shopper.name, { exact: true }).waitFor();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await heading('Products').waitFor();
    await page.getByRole('link', { name: 'Sign in', exact: true }).waitFor();
    await page.goto(`${platform.gatewayUrl}/products/${product.id}`);
    await page.getByRole('link', { name: 'Sign in to add this to your cart' }).click();
    await heading('Sign in').waitFor();
    await expectCleanPage();
    await page.getByLabel('Email').fill(shopper.email);
    await page.getByLabel('Password').fill(shopper.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await heading(product.name).waitFor();

    await page.getByLabel('Quantity').fill('2');
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await page.getByText('Added. Your cart has 2 of this product.').waitFor();
    await expectCleanPage();

    await page.getByRole('navigation', { name: 'Shop' }).getByRole('link', { name: 'Cart' }).click();
    await heading('Your cart').waitFor();
    const quantity = page.getByLabel(`Quantity of ${product.name}`);
    await expect(quantity.inputValue()).resolves.toBe('2');
    await quantity.fill('3');
    await page.getByRole('button', { name: 'Update' }).click();
    await page.getByText('3 items').waitFor();
    const total = new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency: product.price.currency,
    }).format((3 * product.price.amountMinor) / 100);
    await expect(page.locator('.cart-summary__total').innerText()).resolves.toBe(`Total: ${total}`);
    await expectCleanPage();
    await screenshot(page, 'storefront-cart');
  }, 60_000);

  /** From the cart: the checkout form filled with an address and the given test card, and the order placed. */
  async function checkOut(card: string): Promise<string> {
    await page.getByRole('link', { name: 'Go to checkout' }).click();
    await heading('Checkout').waitFor();
    await page.getByLabel('Full name').fill(shopper.name);
    await page.getByLabel('Address', { exact: true }).fill('1 Main St');
    await page.getByLabel('City').fill('Lyon');
    await page.getByLabel('Postal code').fill('69001');
    await page.getByLabel('Country').selectOption('FR');
    await page.getByLabel(/^Card/).selectOption(card);
    await expectCleanPage();
    await screenshot(page, `storefront-checkout-${card}`);
    await page.getByRole('button', { name: 'Place order' }).click();
    await page.waitForURL(/\/orders\/[0-9a-f-]{36}$/);
    return new URL(page.url()).pathname.split('/').pop() as string;
  }

  it('checks out with the approved test card, sees CONFIRMED, the order in the history and the email', async () => {
    const id = await checkOut('tok_approved');
    const banner = await waitForStatus('CONFIRMED');
    expect(banner).toContain('Your order is confirmed.');
    await expect(page.getByRole('list', { name: 'Order steps' }).innerText()).resolves.toContain(
      'Take the payment',
    );
    await expectCleanPage();
    await screenshot(page, 'storefront-order-confirmed');

    await page.getByRole('link', { name: 'All your orders' }).click();
    await heading('Your orders').waitFor();
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: `Order ${id}` }) });
    await expect(row.innerText()).resolves.toContain('Confirmed');
    await expectCleanPage();

    await page.getByRole('navigation', { name: 'Shop' }).getByRole('link', { name: 'Notifications' }).click();
    await heading('Notifications').waitFor();
    // The email is sent a moment after the confirmation; the page looks again by itself.
    const email = page.getByRole('heading', { name: `Your Bazaar order ${id} is confirmed` });
    await email.waitFor({ timeout: SAGA_MS });
    await expect(page.locator('.notification').filter({ has: email }).innerText()).resolves.toContain(
      `3 × ${product.name}`,
    );
    await expectCleanPage();
    await screenshot(page, 'storefront-notifications');
  }, 120_000);

  it('a declined card ends in a CANCELLED order that says why in plain words', async () => {
    await page.goto(`${platform.gatewayUrl}/products/${product.id}`);
    await heading(product.name).waitFor();
    // With the keyboard this time: from the quantity, Tab reaches "Add to cart" and Enter presses it.
    const add = page.getByRole('button', { name: 'Add to cart' });
    await add.and(page.locator(':enabled')).waitFor();
    await page.getByLabel('Quantity').focus();
    await page.keyboard.press('Tab');
    await expect(page.evaluate<string | undefined>('document.activeElement?.textContent')).resolves.toBe(
      'Add to cart',
    );
    await page.keyboard.press('Enter');
    await page.getByText('Added. Your cart has 1 of this product.').waitFor();
    await page.getByRole('link', { name: 'View your cart' }).click();
    await heading('Your cart').waitFor();

    await checkOut('tok_declined');
    const banner = await waitForStatus('CANCELLED');
    expect(banner).toContain('Your card was declined by its issuer.');
    expect(banner).toContain('no money was taken');
    await expect(page.getByRole('list', { name: 'Order steps' }).innerText()).resolves.toMatch(
      /Authorize the payment\s+failed/,
    );
    await expectCleanPage();
    await screenshot(page, 'storefront-order-declined');
  }, 120_000);

  it('works on a phone-sized screen: the product list and the cart fit 390 px', async () => {
    const phone = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
    const small = await phone.newPage();
    const seen = collectBrowserErrors(small);
    // Nothing wider than the screen: no sideways scrolling (an expression, as this file compiles without DOM types).
    const fits = () => small.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth');
    try {
      await small.goto(platform.gatewayUrl);
      await heading('Products', small).waitFor();
      await small.locator('.product-card').first().waitFor();
      await expect(fits()).resolves.toBe(true);
      await expectCleanPage(small, seen);

      await small.goto(
        `${platform.gatewayUrl}/sign-in?next=${encodeURIComponent(`/products/${product.id}`)}`,
      );
      await small.getByLabel('Email').fill(shopper.email);
      await small.getByLabel('Password').fill(shopper.password);
      await small.getByRole('button', { name: 'Sign in' }).click();
      await heading(product.name, small).waitFor();
      await small.getByRole('button', { name: 'Add to cart' }).click();
      await small.getByRole('link', { name: 'View your cart' }).click();
      await heading('Your cart', small).waitFor();
      await small.getByLabel(`Quantity of ${product.name}`).waitFor();
      await expect(fits()).resolves.toBe(true);
      await expectCleanPage(small, seen);
      await screenshot(small, 'storefront-cart-phone');
    } finally {
      await phone.close();
    }
  }, 60_000);
});

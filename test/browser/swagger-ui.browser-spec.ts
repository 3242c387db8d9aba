import { Browser, chromium, Page } from 'playwright-core';
import { login } from '../support/api';
import { E2E_ADMIN, RunningPlatform, startPlatform } from '../support/platform';
import { describeIf, findChromium } from '../support/skip';

const CHROMIUM = findChromium();
const suite = describeIf(CHROMIUM.ok, CHROMIUM.missing);

/** The Swagger UI is a page people use: open it, try the product list, see the real answer rendered. */
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
    page = await browser.newPage();
  }, 120_000);

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
});

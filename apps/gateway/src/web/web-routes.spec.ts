import fs from 'node:fs';
import path from 'node:path';
import { WEB_APP_ROUTES } from './web-routes';

const STORE_ROUTER = path.resolve(__dirname, '../../../web/src/store/StoreApp.tsx');

/** The storefront's page paths as its router declares them (`<Route path="cart" …>`), plus its index page. */
function storefrontPaths(): string[] {
  const source = fs.readFileSync(STORE_ROUTER, 'utf8');
  const declared = [...source.matchAll(/<Route\s+path="([^"]+)"/g)].map(([, route]) => route);
  expect(declared.length).toBeGreaterThan(3);
  return ['/', ...declared.filter((route) => route !== '*').map((route) => `/${route}`)];
}

/**
 * The gateway answers a deep link with the app's index.html only for the routes it lists: a page the storefront
 * adds and the list misses would be a 404 on reload, one the list keeps after the page is gone a blank app page.
 */
describe('the web app routes the gateway serves', () => {
  it('are exactly the storefront router’s pages, plus the console under /admin', () => {
    expect([...WEB_APP_ROUTES].sort()).toEqual([...storefrontPaths(), '/admin', '/admin/*'].sort());
  });
});

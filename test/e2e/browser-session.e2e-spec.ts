import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { TokenPair } from '@bazaar/contracts';
import { bearer, problemOf } from '../support/api';
import { cookieHeader, SetCookie, setCookiesOf } from '../support/cookies';
import { RunningPlatform, startPlatform } from '../support/platform';

const REFRESH = 'bazaar_refresh';
const CSRF = 'bazaar_csrf';
const PASSWORD = 'a perfectly fine passphrase';
/** identity's REFRESH_TOKEN_TTL_S by default: 30 days. */
const REFRESH_TTL_S = 2_592_000;

/** What a browser holds after a login or refresh in cookie mode. */
interface BrowserSession {
  accessToken: string;
  refresh: string;
  csrf: string;
}

/**
 * Browser sessions through the platform `npm start` runs: the refresh token in an HttpOnly cookie, a
 * double-submit CSRF token beside it, and the JSON form unchanged for API clients.
 */
describe('browser sessions with an HttpOnly refresh cookie (e2e)', () => {
  let platform: RunningPlatform;
  let auth: string;
  let noWebApp: string;

  beforeAll(async () => {
    noWebApp = fs.mkdtempSync(path.join(os.tmpdir(), 'bazaar-no-web-'));
    platform = await startPlatform({
      // X-Forwarded-Proto is believed only behind a trusted proxy: it says whether the browser used HTTPS.
      TRUST_PROXY: 'true',
      CORS_ORIGINS: 'https://shop.example',
      WEB_ROOT: noWebApp,
    });
    auth = `${platform.gatewayUrl}/api/v1/auth`;
  }, 120_000);

  afterAll(async () => {
    if (platform) await expect(platform.stop()).resolves.toBe(0);
    fs.rmSync(noWebApp, { recursive: true, force: true });
  }, 60_000);

  const post = (route: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${auth}/${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  /** A new account: its email. */
  const register = async (): Promise<string> => {
    const email = `browser-${randomUUID().slice(0, 8)}@example.com`;
    const response = await post('register', { email, displayName: 'Browser User', password: PASSWORD });
    expect(response.status).toBe(201);
    return email;
  };

  /** The two cookies of an answer, after checking the body is the access token alone. */
  const sessionOf = async (
    response: Response,
  ): Promise<BrowserSession & { cookies: Record<string, SetCookie> }> => {
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['accessToken', 'expiresIn', 'tokenType']);
    expect(body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });
    const cookies = setCookiesOf(response);
    expect(Object.keys(cookies).sort()).toEqual([CSRF, REFRESH]);
    return {
      accessToken: body.accessToken as string,
      refresh: cookies[REFRESH].value,
      csrf: cookies[CSRF].value,
      cookies,
    };
  };

  const signIn = async (email: string, headers: Record<string, string> = {}) =>
    sessionOf(await post('login', { email, password: PASSWORD, session: 'cookie' }, headers));

  /** A refresh or logout as the web app sends it: the cookies, the CSRF header, an empty JSON body. */
  const withCookies = (route: string, session: { refresh?: string; csrf?: string }, csrfHeader?: string) =>
    post(
      route,
      {},
      {
        cookie: cookieHeader({
          ...(session.refresh ? { [REFRESH]: session.refresh } : {}),
          ...(session.csrf ? { [CSRF]: session.csrf } : {}),
        }),
        ...(csrfHeader === undefined ? {} : { 'x-csrf-token': csrfHeader }),
      },
    );
  const refreshed = (session: BrowserSession) => withCookies('refresh', session, session.csrf);
  const me = (accessToken: string) =>
    fetch(`${platform.gatewayUrl}/api/v1/me`, { headers: bearer(accessToken) });

  it('login with session "cookie": the access token in the body, the refresh token in an HttpOnly cookie', async () => {
    const email = await register();
    const session = await signIn(email);
    const refresh = session.cookies[REFRESH];
    const csrf = session.cookies[CSRF];

    expect(refresh.attributes).toEqual({
      'max-age': expect.any(String),
      path: '/api/v1/auth',
      httponly: true,
      samesite: 'Strict',
    });
    const maxAge = Number(refresh.attributes['max-age']);
    expect(maxAge).toBeGreaterThan(REFRESH_TTL_S - 60);
    expect(maxAge).toBeLessThanOrEqual(REFRESH_TTL_S);
    // Readable by the app (no HttpOnly), for every path it may send from; as long-lived as the refresh token.
    expect(csrf.attributes).toEqual({ 'max-age': String(maxAge), path: '/', samesite: 'Strict' });
    expect(csrf.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(refresh.value.length).toBeGreaterThan(20);

    expect((await me(session.accessToken)).status).toBe(200);
  });

  it('sets both cookies Secure when the request came over HTTPS (X-Forwarded-Proto behind TRUST_PROXY)', async () => {
    const email = await register();
    const session = await signIn(email, { 'x-forwarded-proto': 'https' });
    expect(session.cookies[REFRESH].attributes).toMatchObject({
      secure: true,
      httponly: true,
      samesite: 'Strict',
    });
    expect(session.cookies[CSRF].attributes).toMatchObject({ secure: true, samesite: 'Strict' });
    expect(session.cookies[CSRF].attributes.httponly).toBeUndefined();
    // ...and keeps Secure as it rotates them.
    const next = await sessionOf(
      await post(
        'refresh',
        {},
        {
          cookie: cookieHeader({ [REFRESH]: session.refresh, [CSRF]: session.csrf }),
          'x-csrf-token': session.csrf,
          'x-forwarded-proto': 'https',
        },
      ),
    );
    expect(next.cookies[REFRESH].attributes.secure).toBe(true);
    expect(next.cookies[CSRF].attributes.secure).toBe(true);
  });

  it('refreshes with the cookie and the CSRF header, rotating both cookies', async () => {
    const first = await signIn(await register());
    const second = await sessionOf(await refreshed(first));
    expect(second.refresh).not.toBe(first.refresh);
    expect(second.csrf).not.toBe(first.csrf);
    expect(second.cookies[REFRESH].attributes).toMatchObject({
      path: '/api/v1/auth',
      httponly: true,
      samesite: 'Strict',
    });
    expect((await me(second.accessToken)).status).toBe(200);
    // The new pair works in turn.
    const third = await sessionOf(await refreshed(second));
    expect(third.refresh).not.toBe(second.refresh);
  });

  it('refuses a missing or wrong CSRF header with 403, and the refresh token is not used up', async () => {
    const session = await signIn(await register());
    const refusals = [
      await withCookies('refresh', session),
      await withCookies('refresh', session, ''),
      await withCookies('refresh', session, `${session.csrf}x`),
      await withCookies('refresh', session, session.csrf.toUpperCase()),
      // The header alone proves nothing without the cookie it must repeat.
      await withCookies('refresh', { refresh: session.refresh }, session.csrf),
      await withCookies('logout', session),
    ];
    for (const refused of refusals) {
      expect(refused.status).toBe(403);
      expect((await problemOf(refused)).code).toBe('CSRF_TOKEN_INVALID');
      expect(refused.headers.getSetCookie()).toEqual([]);
    }
    // Still the session's current token: it refreshes once the header is right.
    expect((await sessionOf(await refreshed(session))).refresh).not.toBe(session.refresh);
  });

  it('a used refresh cookie presented again ends the whole session, the newer cookie included', async () => {
    const stolen = await signIn(await register());
    const owner = await sessionOf(await refreshed(stolen));

    const replayed = await refreshed(stolen);
    expect(replayed.status).toBe(401);
    expect((await problemOf(replayed)).code).toBe('REFRESH_TOKEN_INVALID');
    // The browser is told to drop the dead cookies.
    const dropped = setCookiesOf(replayed);
    expect(dropped[REFRESH]).toMatchObject({
      value: '',
      attributes: { 'max-age': '0', path: '/api/v1/auth' },
    });
    expect(dropped[CSRF]).toMatchObject({ value: '', attributes: { 'max-age': '0', path: '/' } });

    const afterReuse = await refreshed(owner);
    expect(afterReuse.status).toBe(401);
    expect((await problemOf(afterReuse)).code).toBe('REFRESH_TOKEN_INVALID');
  });

  it('logout with the cookie ends the session and clears both cookies', async () => {
    const session = await signIn(await register());
    const loggedOut = await withCookies('logout', session, session.csrf);
    expect(loggedOut.status).toBe(204);
    const cleared = setCookiesOf(loggedOut);
    expect(cleared[REFRESH].value).toBe('');
    expect(cleared[REFRESH].attributes).toMatchObject({
      'max-age': '0',
      path: '/api/v1/auth',
      httponly: true,
      samesite: 'Strict',
    });
    expect(cleared[CSRF].value).toBe('');
    expect(cleared[CSRF].attributes).toMatchObject({ 'max-age': '0', path: '/', samesite: 'Strict' });
    expect((await refreshed(session)).status).toBe(401);
  });

  it('no refresh token in the body nor a cookie: 401 problem', async () => {
    for (const response of [
      await post('refresh', {}),
      await post('logout', {}),
      // The CSRF cookie and header without the refresh cookie.
      await withCookies('refresh', { csrf: 'a'.repeat(43) }, 'a'.repeat(43)),
      await fetch(`${auth}/refresh`, { method: 'POST' }),
    ]) {
      expect(response.status).toBe(401);
      expect((await problemOf(response)).code).toBe('UNAUTHENTICATED');
    }
  });

  it('keeps the JSON form for API clients: both tokens in the body, no cookies', async () => {
    const email = await register();
    const login = await post('login', { email, password: PASSWORD });
    expect(login.status).toBe(200);
    expect(login.headers.getSetCookie()).toEqual([]);
    const pair = (await login.json()) as TokenPair;
    expect(Object.keys(pair).sort()).toEqual([
      'accessToken',
      'expiresIn',
      'refreshExpiresIn',
      'refreshToken',
      'tokenType',
    ]);

    // A refresh token in the body is used, whatever cookies come with it, and needs no CSRF header.
    const browser = await signIn(email);
    const refreshed = await post(
      'refresh',
      { refreshToken: pair.refreshToken },
      { cookie: cookieHeader({ [REFRESH]: browser.refresh, [CSRF]: browser.csrf }) },
    );
    expect(refreshed.status).toBe(200);
    expect(refreshed.headers.getSetCookie()).toEqual([]);
    const next = (await refreshed.json()) as TokenPair;
    expect(next.refreshToken).not.toBe(pair.refreshToken);
    // The browser's session is another family: untouched.
    expect((await sessionOf(await withCookies('refresh', browser, browser.csrf))).refresh).not.toBe(
      browser.refresh,
    );

    expect((await post('logout', { refreshToken: next.refreshToken })).status).toBe(204);
    expect((await post('refresh', { refreshToken: next.refreshToken })).status).toBe(401);
    const invalid = await post('login', { email, password: PASSWORD, session: 'header' });
    expect(invalid.status).toBe(400);
  });

  it('lets the configured origin send X-CSRF-Token, still without credentials', async () => {
    const preflight = await fetch(`${auth}/refresh`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://shop.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,x-csrf-token',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase().split(/,\s*/)).toContain(
      'x-csrf-token',
    );
    expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('starts without a web app build, says so once, and answers / with a 404 problem', async () => {
    const warnings = platform.output.filter((line) => line.includes('npm run build:web'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(noWebApp);
    const page = await fetch(`${platform.gatewayUrl}/`);
    expect(page.status).toBe(404);
    expect((await problemOf(page)).detail).toMatch(/web app is not built.*npm run build:web/);
  });
});

import { ChildProcess, execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { ProductPage, TokenPair, UserPage, UserView } from '@bazaar/contracts';
import { bearer, jsonHeaders, login, problemOf } from '../support/api';
import {
  platformSigningKey,
  signHs256WithPublicKey,
  signRs256,
  SigningKey,
  unsignedToken,
} from '../support/jwt';
import { freePort } from '../support/free-port';
import { E2E_ADMIN, RunningPlatform, startApp, startPlatform, waitFor } from '../support/platform';

const ROOT = path.resolve(__dirname, '..', '..');
const run = promisify(execFile);

/** Identity and the hardened gateway, through the public HTTP API of the platform `npm start` runs. */
describe('identity and security through the gateway (e2e)', () => {
  let platform: RunningPlatform;
  let api: string;
  let adminToken: string;

  beforeAll(async () => {
    // Identity re-reads its keys folder every second, so the rotation test waits seconds, not half a minute.
    platform = await startPlatform({ CORS_ORIGINS: 'https://shop.example', JWT_KEYS_RELOAD_MS: '1000' });
    api = `${platform.gatewayUrl}/api/v1`;
    adminToken = (await login(platform.gatewayUrl, E2E_ADMIN.email, E2E_ADMIN.password)).accessToken;
  }, 120_000);

  afterAll(async () => {
    if (platform) await expect(platform.stop()).resolves.toBe(0);
  }, 60_000);

  const post = (path: string, body: unknown, token?: string) =>
    fetch(`${api}${path}`, { method: 'POST', headers: jsonHeaders(token), body: JSON.stringify(body) });
  const newEmail = () => `user-${randomUUID().slice(0, 8)}@example.com`;
  const PASSWORD = 'a perfectly fine passphrase';
  const register = async (email = newEmail(), displayName = 'Test User'): Promise<UserView> => {
    const response = await post('/auth/register', { email, displayName, password: PASSWORD });
    expect(response.status).toBe(201);
    return (await response.json()) as UserView;
  };

  describe('the account flow', () => {
    it('register -> login -> me -> refresh -> reuse detection -> logout', async () => {
      const email = newEmail();
      const user = await register(email.toUpperCase(), 'Ada');
      expect(user).toMatchObject({ email, displayName: 'Ada', roles: ['customer'] });

      const first = await login(platform.gatewayUrl, email, PASSWORD);
      expect(first).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });
      const me = await fetch(`${api}/me`, { headers: bearer(first.accessToken) });
      expect(me.status).toBe(200);
      expect(await me.json()).toEqual(user);

      const refreshed = await post('/auth/refresh', { refreshToken: first.refreshToken });
      expect(refreshed.status).toBe(200);
      const second = (await refreshed.json()) as TokenPair;
      expect(second.refreshToken).not.toBe(first.refreshToken);

      // The first refresh token again: stolen-token detection ends the whole session...
      const reused = await post('/auth/refresh', { refreshToken: first.refreshToken });
      expect(reused.status).toBe(401);
      expect((await problemOf(reused)).code).toBe('REFRESH_TOKEN_INVALID');
      // ...so the legitimate latest token stops working too.
      const afterReuse = await post('/auth/refresh', { refreshToken: second.refreshToken });
      expect(afterReuse.status).toBe(401);

      const other = await login(platform.gatewayUrl, email, PASSWORD);
      const loggedOut = await post('/auth/logout', { refreshToken: other.refreshToken });
      expect(loggedOut.status).toBe(204);
      expect((await post('/auth/refresh', { refreshToken: other.refreshToken })).status).toBe(401);
    });

    it('changing the password ends the other sessions and keeps this one', async () => {
      const email = newEmail();
      await register(email);
      const here = await login(platform.gatewayUrl, email, PASSWORD);
      const elsewhere = await login(platform.gatewayUrl, email, PASSWORD);
      const changed = await fetch(`${api}/me/password`, {
        method: 'PUT',
        headers: jsonHeaders(here.accessToken),
        body: JSON.stringify({ currentPassword: PASSWORD, newPassword: 'another fine passphrase' }),
      });
      expect(changed.status).toBe(204);
      expect((await post('/auth/refresh', { refreshToken: elsewhere.refreshToken })).status).toBe(401);
      expect((await post('/auth/refresh', { refreshToken: here.refreshToken })).status).toBe(200);
      await login(platform.gatewayUrl, email, 'another fine passphrase');
    });

    it('an admin lists users and grants a role, which the next token carries', async () => {
      const user = await register();
      const customer = await login(platform.gatewayUrl, user.email, PASSWORD);
      expect((await fetch(`${api}/admin/users`, { headers: bearer(customer.accessToken) })).status).toBe(403);

      const listed = await fetch(`${api}/admin/users?limit=100`, { headers: bearer(adminToken) });
      expect(listed.status).toBe(200);
      expect(((await listed.json()) as UserPage).items.map((u) => u.email)).toContain(user.email);

      const granted = await fetch(`${api}/admin/users/${user.id}/roles/admin`, {
        method: 'PUT',
        headers: bearer(adminToken),
      });
      expect(granted.status).toBe(200);
      expect(((await granted.json()) as UserView).roles).toEqual(['customer', 'admin']);
      const promoted = await post('/auth/refresh', { refreshToken: customer.refreshToken });
      const { accessToken } = (await promoted.json()) as TokenPair;
      expect((await fetch(`${api}/admin/users`, { headers: bearer(accessToken) })).status).toBe(200);
    });

    it('catalog writes: 401 anonymous, 403 as a customer, 201 as an admin', async () => {
      const user = await register();
      const customer = await login(platform.gatewayUrl, user.email, PASSWORD);
      const product = {
        sku: `E2E-AUTH-${randomUUID().slice(0, 6).toUpperCase()}`,
        name: 'Guarded Lamp',
        description: 'Only admins may list it.',
        priceMinor: 2500,
        currency: 'EUR',
        category: 'home-kitchen',
      };
      const anonymous = await post('/products', product);
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('www-authenticate')).toBe('Bearer');
      const asCustomer = await post('/products', product, customer.accessToken);
      expect(asCustomer.status).toBe(403);
      expect((await problemOf(asCustomer)).code).toBe('FORBIDDEN');
      const asAdmin = await post('/products', product, adminToken);
      expect(asAdmin.status).toBe(201);
    });
  });

  describe('bad input', () => {
    it('409 for an email already registered in another letter case', async () => {
      const email = newEmail();
      await register(email);
      const again = await post('/auth/register', {
        email: email.replace('user', 'USER'),
        displayName: 'Twin',
        password: PASSWORD,
      });
      expect(again.status).toBe(409);
      expect((await problemOf(again)).code).toBe('EMAIL_TAKEN');
    });

    it.each([
      ['short1234', 'at least 10 characters'],
      ['qwertyuiop', 'commonly used'],
      ['SELF@EXAMPLE.COM', 'not be the email'],
    ])('422 for the weak password %j, naming the rule', async (password, rule) => {
      const response = await post('/auth/register', {
        email: 'self@example.com',
        displayName: 'Weak',
        password,
      });
      expect(response.status).toBe(422);
      const problem = await problemOf(response);
      expect(problem.code).toBe('WEAK_PASSWORD');
      expect(problem.detail).toContain(rule);
      expect(problem.errors?.map((e) => e.field)).toEqual(['password']);
    });

    it('400 for unknown fields, naming them', async () => {
      const response = await post('/auth/register', {
        email: newEmail(),
        displayName: 'Extra',
        password: PASSWORD,
        roles: ['admin'],
      });
      expect(response.status).toBe(400);
      expect((await problemOf(response)).errors?.map((e) => e.field)).toEqual(['roles']);
    });

    it('stores SQL-looking and script-looking text literally', async () => {
      const names = [`Robert'); DROP TABLE "user";--`, '<script>alert(1)</script>', `' OR '1'='1`];
      for (const displayName of names) {
        const user = await register(newEmail(), displayName);
        expect(user.displayName).toBe(displayName);
        const { accessToken } = await login(platform.gatewayUrl, user.email, PASSWORD);
        const me = (await (await fetch(`${api}/me`, { headers: bearer(accessToken) })).json()) as UserView;
        expect(me.displayName).toBe(displayName);
      }
      const search = await fetch(`${api}/products?q=${encodeURIComponent(`' OR '1'='1`)}`);
      expect(((await search.json()) as ProductPage).items).toEqual([]);
    });
  });

  describe('tokens the gateway must refuse', () => {
    let key: SigningKey;
    let claims: Record<string, unknown>;
    beforeAll(async () => {
      key = platformSigningKey(platform.home);
      const user = await register();
      const now = Math.floor(Date.now() / 1000);
      claims = {
        iss: 'bazaar-identity',
        aud: 'bazaar-api',
        sub: user.id,
        typ: 'user',
        roles: ['customer'],
        iat: now,
        exp: now + 600,
      };
    });
    const meWith = (authorization?: string) =>
      fetch(`${api}/me`, { headers: authorization ? { authorization } : {} });

    it('accepts a token signed with the platform key (the forging helper is right)', async () => {
      expect((await meWith(`Bearer ${signRs256(key, claims)}`)).status).toBe(200);
    });

    it.each<[string, () => string | undefined]>([
      ['missing', () => undefined],
      ['not a bearer header', () => 'Basic dXNlcjpwYXNz'],
      ['malformed', () => 'Bearer not.a.jwt'],
      ['expired', () => `Bearer ${signRs256(key, { ...claims, exp: Math.floor(Date.now() / 1000) - 60 })}`],
      [
        'not yet valid',
        () => `Bearer ${signRs256(key, { ...claims, nbf: Math.floor(Date.now() / 1000) + 600 })}`,
      ],
      ['of another audience', () => `Bearer ${signRs256(key, { ...claims, aud: 'someone-else' })}`],
      ['of another issuer', () => `Bearer ${signRs256(key, { ...claims, iss: 'evil-identity' })}`],
      ['a service token', () => `Bearer ${signRs256(key, { ...claims, typ: 'service' })}`],
      ['with a wrong signature', () => `Bearer ${signRs256(key, claims).slice(0, -6)}AAAAAA`],
      ['alg none', () => `Bearer ${unsignedToken(key.kid, claims)}`],
      ['HS256 signed with the public key', () => `Bearer ${signHs256WithPublicKey(key, claims)}`],
      ['signed with an unknown key', () => `Bearer ${signRs256({ ...key, kid: 'unknown-kid' }, claims)}`],
    ])('401 for a token %s', async (_, header) => {
      const response = await meWith(header());
      expect(response.status).toBe(401);
      expect((await problemOf(response)).code).toBe('UNAUTHENTICATED');
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    });

    it('a bad token is refused even on a public route', async () => {
      const response = await fetch(`${api}/products?limit=1`, {
        headers: { authorization: `Bearer ${signRs256(key, { ...claims, aud: 'nope' })}` },
      });
      expect(response.status).toBe(401);
    });

    it('403 for a valid token without the role', async () => {
      const response = await fetch(`${api}/admin/users`, {
        headers: { authorization: `Bearer ${signRs256(key, claims)}` },
      });
      expect(response.status).toBe(403);
    });
  });

  describe('rate limits', () => {
    it('20 wrong logins in a row -> 429, and then the right password is refused too', async () => {
      const user = await register();
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 20; attempt++) {
        const response = await post('/auth/login', { email: user.email, password: 'wrong password!' });
        statuses.push(response.status);
      }
      expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
      expect(statuses.slice(10).every((s) => s === 429)).toBe(true);

      const right = await post('/auth/login', { email: user.email, password: PASSWORD });
      expect(right.status).toBe(429);
      expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await problemOf(right)).code).toBe('RATE_LIMITED');
      // Another account from the same address is not affected.
      const other = await register();
      await login(platform.gatewayUrl, other.email, PASSWORD);
    });
  });

  describe('the global and per-address limits, on a second gateway started with small ones', () => {
    const LIMITS = { RATE_LIMIT_GLOBAL: '5', RATE_LIMIT_AUTH_PER_IP: '3' };
    let gateway: ChildProcess;
    let limited: string;
    // Behind a trusted proxy the client address is X-Forwarded-For: each scenario comes from addresses of its own.
    const from = (address: string, token?: string): Record<string, string> => ({
      'x-forwarded-for': address,
      ...(token ? bearer(token) : {}),
    });
    const products = (headers: Record<string, string>) =>
      fetch(`${limited}/api/v1/products?limit=1`, { headers });
    const loginFrom = (address: string, email: string) =>
      fetch(`${limited}/api/v1/auth/login`, {
        method: 'POST',
        headers: { ...jsonHeaders(), ...from(address) },
        body: JSON.stringify({ email, password: 'not the password' }),
      });
    /** A 429 as every limit answers it: problem+json, RATE_LIMITED, and a Retry-After within the window. */
    const expectLimited = async (response: Response, windowS: number): Promise<number> => {
      expect(response.status).toBe(429);
      expect((await problemOf(response)).code).toBe('RATE_LIMITED');
      const retryAfter = Number(response.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(windowS);
      return retryAfter;
    };

    beforeAll(async () => {
      const port = await freePort();
      limited = `http://127.0.0.1:${port}`;
      gateway = startApp('gateway', {
        ...platform.env,
        ...LIMITS,
        TRUST_PROXY: 'true',
        GATEWAY_HTTP_PORT: String(port),
      });
      await waitFor(
        'the gateway with small limits',
        async () => (await fetch(`${limited}/health/ready`, { headers: from('198.51.100.1') })).ok,
        30_000,
      );
    }, 60_000);

    afterAll(async () => {
      if (gateway && gateway.exitCode === null) {
        const exited = new Promise((resolve) => gateway.once('exit', resolve));
        gateway.kill('SIGTERM');
        await exited;
      }
    });

    it('global, per address: the sixth anonymous request in a minute is refused, another address is served', async () => {
      for (let i = 0; i < 5; i++) expect((await products(from('203.0.113.10'))).status).toBe(200);
      await expectLimited(await products(from('203.0.113.10')), 60);
      expect((await products(from('203.0.113.11'))).status).toBe(200);
    });

    it('global, per user: a signed-in user is limited on their own, not with their address', async () => {
      const first = await login(platform.gatewayUrl, (await register()).email, PASSWORD);
      const second = await login(platform.gatewayUrl, (await register()).email, PASSWORD);
      for (let i = 0; i < 5; i++)
        expect((await products(from('203.0.113.20', first.accessToken))).status).toBe(200);
      await expectLimited(await products(from('203.0.113.20', first.accessToken)), 60);
      // The same address, another user, or nobody signed in: each has a count of its own.
      expect((await products(from('203.0.113.20', second.accessToken))).status).toBe(200);
      expect((await products(from('203.0.113.20'))).status).toBe(200);
      // The user is refused from any address.
      await expectLimited(await products(from('203.0.113.21', first.accessToken)), 60);
    });

    it('never limits the ops endpoints: probes and scrapes from one address all answer', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++) {
        for (const path of ['/health/ready', '/health/live', '/metrics']) {
          statuses.push((await fetch(`${limited}${path}`, { headers: from('198.51.100.2') })).status);
        }
      }
      expect(statuses.every((status) => status === 200)).toBe(true);
      // The same address is still limited on the API.
      for (let i = 0; i < 5; i++) expect((await products(from('198.51.100.2'))).status).toBe(200);
      await expectLimited(await products(from('198.51.100.2')), 60);
    });

    it('auth, per address: the fourth login from one address is refused whatever the account', async () => {
      for (let i = 0; i < 3; i++) expect((await loginFrom('203.0.113.30', newEmail())).status).toBe(401);
      // Under the global limit still (four of five): this is the auth window's refusal.
      const retryAfter = await expectLimited(await loginFrom('203.0.113.30', newEmail()), 900);
      expect(retryAfter).toBeGreaterThan(60);
      expect((await loginFrom('203.0.113.31', newEmail())).status).toBe(401);
    });
  });

  describe('the gateway edge', () => {
    it('publishes the JWKS and sends security headers', async () => {
      const response = await fetch(`${platform.gatewayUrl}/.well-known/jwks.json`);
      expect(response.status).toBe(200);
      const jwks = (await response.json()) as { keys: Array<{ kid: string; alg: string; d?: string }> };
      expect(jwks.keys.map((k) => k.kid)).toContain(platformSigningKey(platform.home).kid);
      expect(jwks.keys.every((k) => k.alg === 'RS256' && k.d === undefined)).toBe(true);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    });

    it('allows CORS for the configured origin only', async () => {
      const allowed = await fetch(`${api}/products?limit=1`, { headers: { origin: 'https://shop.example' } });
      expect(allowed.headers.get('access-control-allow-origin')).toBe('https://shop.example');
      // What a browser client of another origin may read: a checkout's Location and replay marker among them.
      expect(allowed.headers.get('access-control-expose-headers')?.toLowerCase().split(/,\s*/)).toEqual(
        expect.arrayContaining(['etag', 'location', 'retry-after', 'idempotent-replayed', 'x-request-id']),
      );
      const other = await fetch(`${api}/products?limit=1`, { headers: { origin: 'https://evil.example' } });
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
    });

    it('documents the bearer scheme and the roles in OpenAPI', async () => {
      const doc = (await (await fetch(`${platform.gatewayUrl}/docs/json`)).json()) as {
        components: { securitySchemes: Record<string, { scheme: string }> };
        paths: Record<string, Record<string, { security?: unknown[]; 'x-required-roles'?: string[] }>>;
      };
      expect(doc.components.securitySchemes.bearer.scheme).toBe('bearer');
      expect(doc.paths['/api/v1/products'].post['x-required-roles']).toEqual(['admin']);
      expect(doc.paths['/api/v1/products'].post.security).toEqual([{ bearer: [] }]);
      expect(doc.paths['/api/v1/products'].get.security).toBeUndefined();
    });
  });

  // Last: it adds a signing key, which the forging helpers above would then pick.
  describe('key rotation with npm run keys:rotate', () => {
    const kidOf = (token: string) =>
      (JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString()) as { kid: string }).kid;

    it('identity signs with the new key within JWT_KEYS_RELOAD_MS; tokens of the old key still verify', async () => {
      const user = await register();
      const before = await login(platform.gatewayUrl, user.email, PASSWORD);
      const oldKid = kidOf(before.accessToken);

      // The operator's command, against this platform's keys folder (<BAZAAR_HOME>/keys).
      const env: NodeJS.ProcessEnv = { ...process.env, BAZAAR_HOME: platform.home };
      delete env.JWT_KEYS_DIR;
      const { stdout } = await run('npm', ['run', '--silent', 'keys:rotate'], { cwd: ROOT, env });
      const newKid = /new signing key (\S+)/.exec(stdout)?.[1];
      expect(newKid).toBeDefined();
      expect(newKid).not.toBe(oldKid);

      // JWT_KEYS_RELOAD_MS is 1000 on this platform: identity re-reads the folder within a few seconds.
      await waitFor(
        'identity to rotate to the new key',
        () =>
          Promise.resolve(
            platform.output.some((line) => line.includes('signing key rotated') && line.includes(newKid!)),
          ),
        10_000,
      );
      const after = await login(platform.gatewayUrl, user.email, PASSWORD);
      expect(kidOf(after.accessToken)).toBe(newKid);
      const jwks = (await (await fetch(`${platform.gatewayUrl}/.well-known/jwks.json`)).json()) as {
        keys: Array<{ kid: string }>;
      };
      expect(jwks.keys.map((key) => key.kid)).toEqual(expect.arrayContaining([oldKid, newKid]));

      // Both verify at the gateway: the new one once it fetched the new key, the old one until it expires.
      const me = (token: string) => fetch(`${api}/me`, { headers: bearer(token) });
      expect((await me(after.accessToken)).status).toBe(200);
      expect((await me(before.accessToken)).status).toBe(200);
    });
  });
});

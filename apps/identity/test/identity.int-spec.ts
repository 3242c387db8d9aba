import { createHash, createPublicKey, verify } from 'node:crypto';
import {
  AccessTokenClaims,
  Caller,
  IDENTITY_PATTERNS,
  JsonWebKeySet,
  ServiceTokenReply,
  TokenPair,
  UserPage,
  UserView,
} from '@bazaar/contracts';
import { BootedIdentity, bootIdentity } from './boot-identity';

const ADMIN = { email: 'root@identity.test', password: 'integration admin passphrase' };
const GATEWAY_SECRET = 'integration-gateway-secret-0123456789';
const PASSWORD = 'a perfectly fine passphrase';

/** Decodes a JWT and checks its RS256 signature against the service's own JWKS. */
function verifiedClaims(token: string, jwks: JsonWebKeySet): AccessTokenClaims {
  const [header, payload, signature] = token.split('.');
  const { alg, kid } = JSON.parse(Buffer.from(header, 'base64url').toString()) as {
    alg: string;
    kid: string;
  };
  expect(alg).toBe('RS256');
  const jwk = jwks.keys.find((key) => key.kid === kid);
  if (!jwk) throw new Error(`kid ${kid} is not in the JWKS`);
  const key = createPublicKey({ key: { kty: 'RSA', n: jwk.n, e: jwk.e }, format: 'jwk' });
  expect(
    verify('sha256', Buffer.from(`${header}.${payload}`), key, Buffer.from(signature, 'base64url')),
  ).toBe(true);
  return JSON.parse(Buffer.from(payload, 'base64url').toString()) as AccessTokenClaims;
}

/** Identity on its real TCP transport and a fresh database, driven like the gateway drives it. */
describe('identity over its TCP transport', () => {
  let identity: BootedIdentity;
  let jwks: JsonWebKeySet;
  let counter = 0;
  const newEmail = () => `user${++counter}-${Date.now()}@example.com`;
  const register = (email = newEmail(), displayName = 'Test User') =>
    identity.call<UserView>(IDENTITY_PATTERNS.register, { email, displayName, password: PASSWORD });
  const login = (email: string, password = PASSWORD) =>
    identity.call<TokenPair>(IDENTITY_PATTERNS.login, { email, password });
  const callerOf = (pair: TokenPair): Caller => {
    const claims = verifiedClaims(pair.accessToken, jwks);
    return { userId: claims.sub, roles: claims.roles ?? [], sessionId: claims.sid };
  };

  beforeAll(async () => {
    identity = await bootIdentity({
      BAZAAR_ADMIN_EMAIL: ADMIN.email,
      BAZAAR_ADMIN_PASSWORD: ADMIN.password,
      SERVICE_CLIENTS: `gateway:${createHash('sha256').update(GATEWAY_SECRET).digest('hex')}`,
    });
    jwks = await identity.call<JsonWebKeySet>(IDENTITY_PATTERNS.jwks, {});
  });

  afterAll(() => identity?.close());

  describe('registration', () => {
    it('normalizes the email and makes a customer', async () => {
      const email = newEmail();
      const user = await register(`  ${email.toUpperCase()} `.trim(), 'Ada');
      expect(user).toMatchObject({ email, displayName: 'Ada', roles: ['customer'] });
    });

    it('refuses the same email in another letter case', async () => {
      const email = newEmail();
      await register(email);
      const failure = await identity.failure(IDENTITY_PATTERNS.register, {
        email: email.toUpperCase(),
        displayName: 'Twin',
        password: PASSWORD,
      });
      expect(failure.code).toBe('EMAIL_TAKEN');
    });

    it.each([
      ['tooshort', 'min-length'],
      ['self@example.com', 'not-email'],
      ['1234567890', 'common-password'],
    ])('refuses the password %j (%s) and stores nothing', async (password, rule) => {
      const failure = await identity.failure(IDENTITY_PATTERNS.register, {
        email: 'self@example.com',
        displayName: 'Weak',
        password,
      });
      expect(failure).toMatchObject({ code: 'WEAK_PASSWORD', details: { rule } });
      expect(
        (await identity.failure(IDENTITY_PATTERNS.login, { email: 'self@example.com', password })).code,
      ).toBe('INVALID_CREDENTIALS');
    });

    it('refuses unknown fields', async () => {
      const failure = await identity.failure(IDENTITY_PATTERNS.register, {
        email: newEmail(),
        displayName: 'X',
        password: PASSWORD,
        roles: ['admin'],
      });
      expect(failure.code).toBe('VALIDATION_FAILED');
    });

    it('refuses the NUL character, which PostgreSQL cannot store, naming the field', async () => {
      const fieldsOf = (failure: { details?: Record<string, unknown> }) =>
        (failure.details?.fields as Array<{ field: string }>).map((f) => f.field);
      const register = await identity.failure(IDENTITY_PATTERNS.register, {
        email: newEmail(),
        displayName: 'Ada\u0000',
        password: PASSWORD,
      });
      expect([register.code, fieldsOf(register)]).toEqual(['VALIDATION_FAILED', ['displayName']]);
      const loginFailure = await identity.failure(IDENTITY_PATTERNS.login, {
        email: 'a\u0000@example.com',
        password: PASSWORD,
      });
      expect([loginFailure.code, fieldsOf(loginFailure)]).toEqual(['VALIDATION_FAILED', ['email']]);
    });

    it('stores SQL-looking and script-looking names literally', async () => {
      for (const name of [`Robert'); DROP TABLE "user";--`, '<script>alert(1)</script>']) {
        const user = await register(newEmail(), name);
        const pair = await login(user.email);
        const me = await identity.call<UserView>(IDENTITY_PATTERNS.me, {}, { caller: callerOf(pair) });
        expect(me.displayName).toBe(name);
      }
    });
  });

  describe('login and tokens', () => {
    it('issues an RS256 access token that the JWKS verifies, with the documented claims', async () => {
      const user = await register();
      const pair = await login(user.email);
      expect(pair).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });
      const claims = verifiedClaims(pair.accessToken, jwks);
      expect(claims).toMatchObject({
        iss: 'bazaar-identity',
        aud: 'bazaar-api',
        sub: user.id,
        typ: 'user',
        roles: ['customer'],
      });
      expect(claims.exp - claims.iat).toBe(900);
      expect(claims.sid).toEqual(expect.any(String));
    });

    it('answers a wrong password and an unknown email alike', async () => {
      const user = await register();
      const wrong = await identity.failure(IDENTITY_PATTERNS.login, {
        email: user.email,
        password: 'nope nope nope',
      });
      const unknown = await identity.failure(IDENTITY_PATTERNS.login, {
        email: newEmail(),
        password: PASSWORD,
      });
      expect(wrong).toEqual(unknown);
      expect(wrong.code).toBe('INVALID_CREDENTIALS');
    });

    it('rotates refresh tokens, and a reused one revokes the whole session', async () => {
      const user = await register();
      const first = await login(user.email);
      const second = await identity.call<TokenPair>(IDENTITY_PATTERNS.refresh, {
        refreshToken: first.refreshToken,
      });
      expect(second.refreshToken).not.toBe(first.refreshToken);
      expect(verifiedClaims(second.accessToken, jwks).sid).toBe(verifiedClaims(first.accessToken, jwks).sid);

      const reuse = await identity.failure(IDENTITY_PATTERNS.refresh, { refreshToken: first.refreshToken });
      expect(reuse.code).toBe('REFRESH_TOKEN_INVALID');
      const after = await identity.failure(IDENTITY_PATTERNS.refresh, { refreshToken: second.refreshToken });
      expect(after.code).toBe('REFRESH_TOKEN_INVALID');
    });

    it('lets exactly one of two concurrent refreshes with one token win', async () => {
      const user = await register();
      const pair = await login(user.email);
      const results = await Promise.allSettled([
        identity.call<TokenPair>(IDENTITY_PATTERNS.refresh, { refreshToken: pair.refreshToken }),
        identity.call<TokenPair>(IDENTITY_PATTERNS.refresh, { refreshToken: pair.refreshToken }),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    });

    it('logout ends the session', async () => {
      const user = await register();
      const pair = await login(user.email);
      await expect(
        identity.call(IDENTITY_PATTERNS.logout, { refreshToken: pair.refreshToken }),
      ).resolves.toEqual({ loggedOut: true });
      const refresh = await identity.failure(IDENTITY_PATTERNS.refresh, { refreshToken: pair.refreshToken });
      expect(refresh.code).toBe('REFRESH_TOKEN_INVALID');
      const unknown = await identity.failure(IDENTITY_PATTERNS.logout, { refreshToken: 'never-issued' });
      expect(unknown.code).toBe('REFRESH_TOKEN_INVALID');
    });
  });

  describe('the signed-in user', () => {
    it('me needs a forwarded caller', async () => {
      const user = await register();
      const pair = await login(user.email);
      await expect(identity.call(IDENTITY_PATTERNS.me, {}, { caller: callerOf(pair) })).resolves.toEqual(
        user,
      );
      expect((await identity.failure(IDENTITY_PATTERNS.me, {})).code).toBe('UNAUTHENTICATED');
    });

    it('a password change ends the other sessions and keeps the calling one', async () => {
      const user = await register();
      const here = await login(user.email);
      const elsewhere = await login(user.email);
      const caller = callerOf(here);

      const wrong = await identity.failure(
        IDENTITY_PATTERNS.changePassword,
        { currentPassword: 'not my password', newPassword: 'brand new passphrase' },
        { caller },
      );
      expect(wrong.code).toBe('FORBIDDEN');
      const weak = await identity.failure(
        IDENTITY_PATTERNS.changePassword,
        { currentPassword: PASSWORD, newPassword: 'short' },
        { caller },
      );
      expect(weak).toMatchObject({ code: 'WEAK_PASSWORD', details: { rule: 'min-length' } });

      await expect(
        identity.call(
          IDENTITY_PATTERNS.changePassword,
          { currentPassword: PASSWORD, newPassword: 'brand new passphrase' },
          { caller },
        ),
      ).resolves.toEqual({ revokedSessions: 1 });
      expect(
        (await identity.failure(IDENTITY_PATTERNS.refresh, { refreshToken: elsewhere.refreshToken })).code,
      ).toBe('REFRESH_TOKEN_INVALID');
      await identity.call(IDENTITY_PATTERNS.refresh, { refreshToken: here.refreshToken });
      await login(user.email, 'brand new passphrase');
    });
  });

  describe('administration', () => {
    let admin: Caller;
    beforeAll(async () => {
      admin = callerOf(await login(ADMIN.email, ADMIN.password));
    });

    it('creates the configured administrator', () => {
      expect(admin.roles).toEqual(['customer', 'admin']);
    });

    it('lists users page by page, for admins only', async () => {
      const customer = callerOf(await login((await register()).email));
      expect((await identity.failure(IDENTITY_PATTERNS.listUsers, {}, { caller: customer })).code).toBe(
        'FORBIDDEN',
      );
      expect((await identity.failure(IDENTITY_PATTERNS.listUsers, {})).code).toBe('UNAUTHENTICATED');

      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page: UserPage = await identity.call(
          IDENTITY_PATTERNS.listUsers,
          { limit: 3, cursor },
          { caller: admin },
        );
        expect(page.items.length).toBeLessThanOrEqual(3);
        seen.push(...page.items.map((u) => u.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen).toContain(admin.userId);
    });

    it('grants and revokes roles, but never the last admin role', async () => {
      const user = await register();
      const granted = await identity.call<UserView>(
        IDENTITY_PATTERNS.grantRole,
        { userId: user.id, role: 'admin' },
        { caller: admin },
      );
      expect(granted.roles).toEqual(['customer', 'admin']);
      const promoted = await login(user.email);
      expect(verifiedClaims(promoted.accessToken, jwks).roles).toEqual(['customer', 'admin']);
      const revoked = await identity.call<UserView>(
        IDENTITY_PATTERNS.revokeRole,
        { userId: user.id, role: 'admin' },
        { caller: admin },
      );
      expect(revoked.roles).toEqual(['customer']);

      const last = await identity.failure(
        IDENTITY_PATTERNS.revokeRole,
        { userId: admin.userId, role: 'admin' },
        { caller: admin },
      );
      expect(last.code).toBe('LAST_ADMIN');
      const unknown = await identity.failure(
        IDENTITY_PATTERNS.grantRole,
        { userId: '01a20f70-3c82-702a-bf2f-000000000000', role: 'admin' },
        { caller: admin },
      );
      expect(unknown.code).toBe('USER_NOT_FOUND');
    });
  });

  describe('service tokens', () => {
    it('issues a token for a registered client and one audience', async () => {
      const reply = await identity.call<ServiceTokenReply>(IDENTITY_PATTERNS.serviceToken, {
        clientId: 'gateway',
        clientSecret: GATEWAY_SECRET,
        audience: 'catalog',
      });
      expect(reply.expiresIn).toBe(300);
      expect(verifiedClaims(reply.accessToken, jwks)).toMatchObject({
        sub: 'gateway',
        aud: 'catalog',
        typ: 'service',
      });
    });

    it.each([
      [
        'a wrong secret',
        { clientId: 'gateway', clientSecret: 'wrong-secret-0123456789abcdef', audience: 'catalog' },
      ],
      ['an unknown client', { clientId: 'intruder', clientSecret: GATEWAY_SECRET, audience: 'catalog' }],
      ['an unknown audience', { clientId: 'gateway', clientSecret: GATEWAY_SECRET, audience: 'mainframe' }],
    ])('refuses %s', async (_, request) => {
      expect((await identity.failure(IDENTITY_PATTERNS.serviceToken, request)).code).toBe(
        'SERVICE_TOKEN_INVALID',
      );
    });
  });
});

describe('identity with SERVICE_AUTH=required', () => {
  let identity: BootedIdentity;
  const credentials = { clientId: 'gateway', clientSecret: GATEWAY_SECRET };

  beforeAll(async () => {
    identity = await bootIdentity({
      SERVICE_AUTH: 'required',
      SERVICE_CLIENTS: `gateway:${createHash('sha256').update(GATEWAY_SECRET).digest('hex')}`,
    });
  });

  afterAll(() => identity?.close());

  it('refuses an RPC without a service token, or with one for another service', async () => {
    const user = { email: 'svc@example.com', displayName: 'Svc', password: PASSWORD };
    expect((await identity.failure(IDENTITY_PATTERNS.register, user)).code).toBe('SERVICE_TOKEN_INVALID');
    const forCatalog = await identity.call<ServiceTokenReply>(IDENTITY_PATTERNS.serviceToken, {
      ...credentials,
      audience: 'catalog',
    });
    const misused = await identity.failure(IDENTITY_PATTERNS.register, user, {
      serviceToken: forCatalog.accessToken,
    });
    expect(misused.code).toBe('SERVICE_TOKEN_INVALID');
  });

  it('serves keys and tokens without one, and everything else with one', async () => {
    await expect(identity.call<JsonWebKeySet>(IDENTITY_PATTERNS.jwks, {})).resolves.toMatchObject({
      keys: [expect.objectContaining({ alg: 'RS256' })],
    });
    const token = await identity.call<ServiceTokenReply>(IDENTITY_PATTERNS.serviceToken, {
      ...credentials,
      audience: 'identity',
    });
    const user = await identity.call<UserView>(
      IDENTITY_PATTERNS.register,
      { email: 'svc2@example.com', displayName: 'Svc', password: PASSWORD },
      { serviceToken: token.accessToken },
    );
    expect(user.email).toBe('svc2@example.com');
  });
});

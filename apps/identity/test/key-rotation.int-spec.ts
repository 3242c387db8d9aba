import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AuthConfig, generateKeyFile, JwksCache, TokenVerifier } from '@bazaar/auth';
import { DatabaseConnection } from '@bazaar/persistence';
import { IdentityConfig } from '../src/identity.config';
import { KeysService } from '../src/keys/keys.service';
import { TokenIssuer } from '../src/tokens/token-issuer';

const kidOf = (token: string) =>
  (JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString()) as { kid: string }).kid;

/** Rotation never logs anyone out: old keys stay published until their tokens expire, verifiers catch up. */
describe('signing key rotation', () => {
  let dir: string;
  let store: KeysService;
  let issuer: TokenIssuer;
  const verifierFor = (keys: KeysService) =>
    new TokenVerifier(new JwksCache(keys, 600_000), 'bazaar-identity');
  const asUser = { audience: 'bazaar-api', typ: 'user' } as const;
  const userId = '01a20f70-3c82-702a-bf2f-dcd51397820d';
  const sessionId = '01a20f70-3c82-702a-bf2f-dcd513978200';

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bazaar-keys-'));
    const config = Object.assign(new IdentityConfig(), { JWT_KEYS_DIR: dir, JWT_GENERATE_KEYS: true });
    store = new KeysService(config, { profile: 'external' } as DatabaseConnection);
    issuer = new TokenIssuer(store, config, new AuthConfig());
  });

  afterEach(() => {
    store.onModuleDestroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('generates a key on first start (owner-only file) when allowed', () => {
    store.onModuleInit();
    const files = fs.readdirSync(dir);
    expect(files).toHaveLength(1);
    expect(fs.statSync(path.join(dir, files[0])).mode & 0o777).toBe(0o600);
    expect(store.jwks().keys.map((k) => k.kid)).toEqual([files[0].replace('.pem', '')]);
  });

  it('refuses to start without a key when generation is off', () => {
    const config = Object.assign(new IdentityConfig(), { JWT_KEYS_DIR: dir, JWT_GENERATE_KEYS: false });
    const strict = new KeysService(config, { profile: 'external' } as DatabaseConnection);
    expect(() => strict.onModuleInit()).toThrow(/No signing key/);
  });

  it('signs with the newest key, keeps the old one published, and verifiers follow', async () => {
    const oldKid = generateKeyFile(dir, new Date(Date.now() - 60 * 60_000));
    store.onModuleInit();
    const oldToken = issuer.userToken(userId, ['customer'], sessionId);
    expect(kidOf(oldToken)).toBe(oldKid);
    const gatewayVerifier = verifierFor(store);
    await expect(gatewayVerifier.verify(oldToken, asUser)).resolves.toMatchObject({ sub: userId });

    const newKid = generateKeyFile(dir);
    store.reload();
    const newToken = issuer.userToken(userId, ['customer'], sessionId);
    expect(kidOf(newToken)).toBe(newKid);
    expect(store.jwks().keys.map((k) => k.kid)).toEqual([oldKid, newKid]);

    // A verifier that cached only the old key refetches on the unknown kid; the old token still verifies.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await expect(gatewayVerifier.verify(newToken, asUser)).resolves.toMatchObject({ sub: userId });
    await expect(verifierFor(store).verify(oldToken, asUser)).resolves.toMatchObject({ sub: userId });

    // Once every token the old key signed has expired (15 min + skew), it leaves the JWKS.
    const later = Date.now() + 17 * 60_000;
    expect(store.jwks(later).keys.map((k) => k.kid)).toEqual([newKid]);
  });

  it('keeps signing when the folder is emptied', () => {
    store.onModuleInit();
    const kid = store.signingKey().kid;
    for (const file of fs.readdirSync(dir)) fs.rmSync(path.join(dir, file));
    store.reload();
    expect(store.signingKey().kid).toBe(kid);
  });
});

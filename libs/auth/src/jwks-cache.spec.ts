import { Logger } from '@nestjs/common';
import { generateKeyPairSync } from 'node:crypto';
import { JsonWebKeySet, PublicJwk } from '@bazaar/contracts';
import { JwksCache, JwksSource } from './jwks-cache';

function jwk(kid: string): PublicJwk {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
  const { n, e } = publicKey.export({ format: 'jwk' });
  return { kty: 'RSA', kid, alg: 'RS256', use: 'sig', n, e };
}

/** A key source whose answers the test controls, counting how often it is asked. */
class ScriptedSource implements JwksSource {
  calls = 0;
  keys: PublicJwk[] = [];
  failing = false;
  async fetchJwks(): Promise<JsonWebKeySet> {
    this.calls++;
    await new Promise((resolve) => setImmediate(resolve));
    if (this.failing) throw new Error('identity is down');
    return { keys: this.keys };
  }
}

describe('JwksCache', () => {
  // The cache logs failed refreshes; the test provokes them on purpose.
  beforeAll(() => {
    Logger.overrideLogger(false);
  });
  const REFRESH_MS = 60_000;
  let source: ScriptedSource;
  let cache: JwksCache;
  let now: number;

  beforeEach(() => {
    now = 1_800_000_000_000;
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    source = new ScriptedSource();
    source.keys = [jwk('a')];
    cache = new JwksCache(source, REFRESH_MS);
  });

  afterEach(() => jest.restoreAllMocks());

  it('fetches once for many concurrent lookups, then answers from memory', async () => {
    const keys = await Promise.all([cache.keyFor('a'), cache.keyFor('a'), cache.keyFor('a')]);
    expect(keys.every((key) => key?.startsWith('-----BEGIN PUBLIC KEY-----'))).toBe(true);
    await cache.keyFor('a');
    expect(source.calls).toBe(1);
  });

  it('refetches for an unknown kid, at most once a second', async () => {
    await cache.keyFor('a');
    source.keys = [...source.keys, jwk('b')];
    await expect(cache.keyFor('b')).resolves.toBeUndefined(); // within the cooldown of the first fetch
    now += 1_001;
    await expect(cache.keyFor('b')).resolves.toEqual(expect.any(String));
    await expect(cache.keyFor('nope')).resolves.toBeUndefined();
    expect(source.calls).toBe(2);
  });

  it('keeps serving known keys while identity is down, refreshing in the background', async () => {
    await cache.keyFor('a');
    source.failing = true;
    now += REFRESH_MS + 1;
    await expect(cache.keyFor('a')).resolves.toEqual(expect.any(String));
    await new Promise((resolve) => setImmediate(resolve));
    expect(source.calls).toBe(2);
    await expect(cache.keyFor('unknown')).resolves.toBeUndefined();
  });

  it('ignores keys that are not RS256 signing keys', async () => {
    source.keys = [
      { ...jwk('enc'), use: 'enc' as 'sig' },
      { ...jwk('hs'), alg: 'HS256' },
    ];
    await expect(cache.keyFor('enc')).resolves.toBeUndefined();
    await expect(cache.keyFor('hs')).resolves.toBeUndefined();
  });
});

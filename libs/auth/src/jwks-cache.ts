import { Logger } from '@nestjs/common';
import { createPublicKey } from 'node:crypto';
import { JsonWebKeySet } from '@bazaar/contracts';

/** Where public keys come from: identity over RPC for other services, its own key store inside identity. */
export interface JwksSource {
  fetchJwks(): Promise<JsonWebKeySet>;
}

export const JWKS_SOURCE = Symbol('JWKS_SOURCE');

/** Identity is asked again at most this often, whatever kids show up and whether it answered or not. */
const RETRY_COOLDOWN_MS = 1_000;

/**
 * The public keys tokens are verified with, fetched once and kept. A token signed by a key we have not seen
 * (identity rotated) triggers a refetch; concurrent misses share it, and random kids cannot make it more often
 * than once a second. Known keys are refreshed in the background when stale, so identity being slow or down
 * never delays a request that carries a known key.
 */
export class JwksCache {
  private readonly logger = new Logger('Jwks');
  /** kid -> public key, PEM (SPKI). */
  private keys = new Map<string, string>();
  private fetchedAt = 0;
  private attemptedAt = 0;
  private inFlight?: Promise<void>;

  constructor(
    private readonly source: JwksSource,
    private readonly refreshMs: number,
  ) {}

  async keyFor(kid: string): Promise<string | undefined> {
    const now = Date.now();
    const known = this.keys.get(kid);
    if (known) {
      if (now - this.fetchedAt > this.refreshMs && now - this.attemptedAt > RETRY_COOLDOWN_MS) {
        void this.refresh().catch(() => undefined);
      }
      return known;
    }
    if (this.inFlight || now - this.attemptedAt > RETRY_COOLDOWN_MS) {
      await this.refresh().catch(() => undefined);
    }
    return this.keys.get(kid);
  }

  private refresh(): Promise<void> {
    if (this.inFlight) return this.inFlight;
    this.attemptedAt = Date.now();
    this.inFlight = this.source
      .fetchJwks()
      .then((jwks) => {
        const keys = new Map<string, string>();
        for (const jwk of jwks.keys) {
          if (jwk.use !== 'sig' || jwk.alg !== 'RS256' || jwk.kty !== 'RSA') continue;
          const key = createPublicKey({ key: { kty: jwk.kty, n: jwk.n, e: jwk.e }, format: 'jwk' });
          keys.set(jwk.kid, key.export({ format: 'pem', type: 'spki' }) as string);
        }
        this.keys = keys;
        this.fetchedAt = Date.now();
      })
      .catch((error: unknown) => {
        // Keep verifying with the keys we have: identity being down must not log everyone out.
        this.logger.warn({ err: error, msg: 'could not refresh the public keys' });
        throw error;
      })
      .finally(() => {
        this.inFlight = undefined;
      });
    return this.inFlight;
  }
}

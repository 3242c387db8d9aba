import { Logger } from '@nestjs/common';
import { createPublicKey } from 'node:crypto';
import { JsonWebKeySet } from '@bazaar/contracts';

/** Where public keys come from: identity over RPC for other services, its own key store inside identity. */
export interface JwksSource {
  fetchJwks(): Promise<JsonWebKeySet>;
}

export const JWKS_SOURCE = Symbol('JWKS_SOURCE');

/** An unknown `kid` triggers a refetch at most this often, so random kids cannot hammer identity. */
const UNKNOWN_KID_COOLDOWN_MS = 1_000;

/**
 * The public keys tokens are verified with, fetched once and kept: a token signed by a key we have not seen
 * (identity rotated) triggers one refetch; concurrent misses share it.
 */
export class JwksCache {
  private readonly logger = new Logger('Jwks');
  /** kid -> public key, PEM (SPKI). */
  private keys = new Map<string, string>();
  private fetchedAt = 0;
  private inFlight?: Promise<void>;

  constructor(
    private readonly source: JwksSource,
    private readonly refreshMs: number,
  ) {}

  async keyFor(kid: string): Promise<string | undefined> {
    const stale = Date.now() - this.fetchedAt > this.refreshMs;
    const known = this.keys.get(kid);
    if (known && !stale) return known;
    if (stale || Date.now() - this.fetchedAt > UNKNOWN_KID_COOLDOWN_MS) {
      try {
        await this.refresh();
      } catch (error) {
        // Keep verifying with the keys we have: identity being down must not log everyone out.
        this.logger.warn({ err: error, msg: 'could not refresh the public keys' });
      }
    }
    return this.keys.get(kid);
  }

  private refresh(): Promise<void> {
    this.inFlight ??= this.source
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
      .finally(() => {
        this.inFlight = undefined;
      });
    return this.inFlight;
  }
}

import { JwtService } from '@nestjs/jwt';
import { AccessTokenClaims, ROLES, Role } from '@bazaar/contracts';
import { DomainError } from '@bazaar/platform';
import { JwksCache } from './jwks-cache';

export interface VerifyOptions {
  audience: string;
  typ: AccessTokenClaims['typ'];
}

/** Clock skew tolerated between identity and the verifier, in seconds. */
const CLOCK_TOLERANCE_S = 5;
const CACHE_MAX_ENTRIES = 10_000;
/** A JWT's three base64url parts; anything else is not worth parsing. */
const JWT_SHAPE = /^[A-Za-z0-9_-]{2,2048}\.[A-Za-z0-9_-]{2,8192}\.[A-Za-z0-9_-]{0,1024}$/;

/**
 * Verifies identity's tokens locally: RS256 only (so `alg: none` and HS256 signed with the public key fail),
 * issuer, audience, expiry and not-before, with keys from the JWKS cache. Verified tokens are remembered until
 * they expire, so a client reusing its token costs one map lookup.
 */
export class TokenVerifier {
  private readonly jwt = new JwtService();
  private readonly verified = new Map<string, AccessTokenClaims>();

  constructor(
    private readonly keys: JwksCache,
    private readonly issuer: string,
  ) {}

  async verify(token: string, options: VerifyOptions): Promise<AccessTokenClaims> {
    const cached = this.verifiedBefore(token, options);
    if (cached) return cached;

    const cacheKey = `${options.typ}:${options.audience}:${token}`;
    this.verified.delete(cacheKey);
    const claims = await this.verifyUncached(token, options);
    if (this.verified.size >= CACHE_MAX_ENTRIES) {
      // Map iteration order is insertion order: drop the oldest entry.
      this.verified.delete(this.verified.keys().next().value as string);
    }
    this.verified.set(cacheKey, claims);
    return claims;
  }

  /**
   * The claims of a token this verifier accepted before and that has not expired since, without a promise:
   * guards answer the common case (a client reusing its token) synchronously and call `verify` otherwise.
   */
  verifiedBefore(token: string, options: VerifyOptions): AccessTokenClaims | undefined {
    const cached = this.verified.get(`${options.typ}:${options.audience}:${token}`);
    return cached && cached.exp * 1000 > Date.now() ? cached : undefined;
  }

  private async verifyUncached(token: string, options: VerifyOptions): Promise<AccessTokenClaims> {
    if (!JWT_SHAPE.test(token)) throw invalid('the token is not a JWT');
    const decoded = this.jwt.decode<{ header?: { alg?: unknown; kid?: unknown } } | null>(token, {
      complete: true,
    });
    const header = decoded?.header;
    if (!header || header.alg !== 'RS256') throw invalid('the token is not signed with RS256');
    if (typeof header.kid !== 'string') throw invalid('the token names no key');
    const key = await this.keys.keyFor(header.kid);
    if (!key) throw invalid('the token is signed with an unknown key');

    let claims: AccessTokenClaims;
    try {
      claims = await this.jwt.verifyAsync<AccessTokenClaims>(token, {
        publicKey: key,
        algorithms: ['RS256'],
        issuer: this.issuer,
        audience: options.audience,
        clockTolerance: CLOCK_TOLERANCE_S,
      });
    } catch (error) {
      throw invalid(describeJwtError(error));
    }
    if (claims.typ !== options.typ) throw invalid(`expected a ${options.typ} token`);
    if (typeof claims.sub !== 'string' || typeof claims.exp !== 'number') {
      throw invalid('the token lacks sub or exp');
    }
    if (claims.typ === 'user' && !isRoleList(claims.roles)) throw invalid('the token has malformed roles');
    return claims;
  }
}

function isRoleList(value: unknown): value is Role[] {
  return Array.isArray(value) && value.every((role) => (ROLES as readonly unknown[]).includes(role));
}

function describeJwtError(error: unknown): string {
  const name = (error as { name?: string }).name;
  if (name === 'TokenExpiredError') return 'the token has expired';
  if (name === 'NotBeforeError') return 'the token is not valid yet';
  const message = error instanceof Error ? error.message : '';
  if (message.includes('audience')) return 'the token is for another audience';
  if (message.includes('issuer')) return 'the token is from another issuer';
  if (message.includes('signature')) return 'the token signature is invalid';
  return 'the token is invalid';
}

function invalid(reason: string): DomainError {
  return new DomainError('UNAUTHENTICATED', `Invalid access token: ${reason}.`);
}

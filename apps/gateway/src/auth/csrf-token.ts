import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** The header a browser client repeats the CSRF cookie in. */
export const CSRF_HEADER = 'x-csrf-token';

/** A new double-submit token: 32 random bytes, base64url. */
export function newCsrfToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Whether the header repeats the cookie. Compared in constant time, on digests so that a length difference
 * costs the same too; a header sent twice (an array) never matches.
 */
export function csrfTokensMatch(cookie: string | undefined, header: string | string[] | undefined): boolean {
  if (!cookie || typeof header !== 'string' || header.length === 0) return false;
  return timingSafeEqual(digest(cookie), digest(header));
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

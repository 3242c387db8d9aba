import type { FastifyReply, FastifyRequest } from 'fastify';
import { TokenPair } from '@bazaar/contracts';
import { DomainError } from '@bazaar/platform';
import { AccessToken } from './auth.dto';
import { csrfTokenInvalid, noRefreshToken } from './auth.errors';
import { CSRF_HEADER, csrfTokensMatch, newCsrfToken } from './csrf-token';
import { clearSessionCookies, CSRF_COOKIE, REFRESH_COOKIE, setSessionCookies } from './session-cookies';

/**
 * A new token pair handed to a browser: the refresh token into its HttpOnly cookie, with a new CSRF token
 * beside it, and only the access token in the body (the app keeps it in memory).
 */
export function handOverToBrowser(
  pair: TokenPair,
  request: FastifyRequest,
  reply: FastifyReply,
): AccessToken {
  setSessionCookies(request, reply, {
    refreshToken: pair.refreshToken,
    csrfToken: newCsrfToken(),
    maxAgeS: pair.refreshExpiresIn,
  });
  return { accessToken: pair.accessToken, tokenType: pair.tokenType, expiresIn: pair.expiresIn };
}

/**
 * The refresh token of the request's cookie, once the X-CSRF-Token header proves the request comes from a page
 * that can read this site's cookies. Checked before identity is asked, so a refused request leaves the token
 * unused.
 */
export function refreshTokenFromCookie(request: FastifyRequest): string {
  const refreshToken = request.cookies[REFRESH_COOKIE];
  if (!refreshToken) throw noRefreshToken();
  if (!csrfTokensMatch(request.cookies[CSRF_COOKIE], request.headers[CSRF_HEADER])) throw csrfTokenInvalid();
  return refreshToken;
}

/**
 * Runs a call with the cookie's refresh token; when identity refuses it (expired, ended, or reused and so the
 * whole session revoked), the browser is told to drop the dead cookies as the 401 goes back.
 */
export async function droppingDeadCookies<T>(
  request: FastifyRequest,
  reply: FastifyReply,
  call: () => Promise<T>,
): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof DomainError && error.code === 'REFRESH_TOKEN_INVALID')
      clearSessionCookies(request, reply);
    throw error;
  }
}

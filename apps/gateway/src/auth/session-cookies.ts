import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CookieSerializeOptions } from '@fastify/cookie';

// The design and what it defends against: docs/adr/0024-browser-session-cookies.md
/** The refresh token of a browser session: HttpOnly, so no script (an injected one included) can read it. */
export const REFRESH_COOKIE = 'bazaar_refresh';
/** The double-submit token: readable by the app, which repeats it in the X-CSRF-Token header. */
export const CSRF_COOKIE = 'bazaar_csrf';
/** Only the auth routes need the refresh token: it is not sent with any other request. */
export const REFRESH_COOKIE_PATH = '/api/v1/auth';

/** Both cookies of a browser session, for `maxAgeS` seconds: as long as the session's refresh token lives. */
export function setSessionCookies(
  request: FastifyRequest,
  reply: FastifyReply,
  cookies: { refreshToken: string; csrfToken: string; maxAgeS: number },
): void {
  const common = commonOptions(request);
  void reply
    .setCookie(REFRESH_COOKIE, cookies.refreshToken, {
      ...common,
      httpOnly: true,
      path: REFRESH_COOKIE_PATH,
      maxAge: cookies.maxAgeS,
    })
    .setCookie(CSRF_COOKIE, cookies.csrfToken, { ...common, path: '/', maxAge: cookies.maxAgeS });
}

/** Tells the browser to drop both cookies (Max-Age=0), with the paths they were set with. */
export function clearSessionCookies(request: FastifyRequest, reply: FastifyReply): void {
  const common = commonOptions(request);
  void reply
    .clearCookie(REFRESH_COOKIE, { ...common, httpOnly: true, path: REFRESH_COOKIE_PATH })
    .clearCookie(CSRF_COOKIE, { ...common, path: '/' });
}

/**
 * Strict: never sent with a request another site starts, not even a top-level link. `Secure` whenever the
 * request came over HTTPS (behind a proxy, as TRUST_PROXY lets X-Forwarded-Proto say), so a plain-HTTP
 * development setup still works. No Domain: the cookies stay with this host, not its subdomains.
 */
function commonOptions(request: FastifyRequest): CookieSerializeOptions {
  return { sameSite: 'strict', secure: request.protocol === 'https' };
}

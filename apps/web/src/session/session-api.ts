import { api } from '../api/client';
import { ApiProblem, unwrap } from '../api/problem';
import type { components } from '../generated/api';
import { CSRF_HEADER, csrfToken } from './csrf';
import { dropAccessToken, holdAccessToken } from './token-store';

export type User = components['schemas']['UserDto'];

/** Signs in in cookie mode: the access token comes back in the body, the refresh token as an HttpOnly cookie. */
export async function signIn(email: string, password: string): Promise<User> {
  const session = await unwrap(
    api.POST('/api/v1/auth/login', { body: { email, password, session: 'cookie' } }),
  );
  holdAccessToken(session.accessToken, session.expiresIn);
  return currentUser();
}

export function currentUser(): Promise<User> {
  return unwrap(api.GET('/api/v1/me'));
}

/** The session this browser holds, if any: after a reload only the refresh cookie is left to resume it from. */
export async function resumeSession(): Promise<User | undefined> {
  return (await refreshSession()) ? currentUser() : undefined;
}

let refreshing: Promise<boolean> | undefined;

/**
 * Trades the refresh cookie for a new access token (the cookie is rotated by the answer). One refresh at a time,
 * in this tab and across tabs: a second caller waits for the first, since a refresh token is single use and
 * presenting it twice would end the session. Resolves false when there is no session to refresh (never signed in, expired, revoked); throws on a
 * failure that says nothing about the session (offline, the gateway down).
 */
export function refreshSession(): Promise<boolean> {
  refreshing ??= oneTabAtATime(async () => {
    // Read inside the lock: a tab that refreshed first has rotated both cookies.
    const csrf = csrfToken();
    if (!csrf) return false;
    try {
      const session = await unwrap(
        api.POST('/api/v1/auth/refresh', { body: {}, headers: { [CSRF_HEADER]: csrf } }),
      );
      holdAccessToken(session.accessToken, session.expiresIn);
      return true;
    } catch (error) {
      if (error instanceof ApiProblem && error.status >= 400 && error.status < 500) {
        dropAccessToken();
        return false;
      }
      throw error;
    }
  }).finally(() => {
    refreshing = undefined;
  });
  return refreshing;
}

/**
 * Runs a refresh while holding a lock every tab of this origin shares (Web Locks): two tabs refreshing at once
 * would present the same refresh cookie twice, and the second use of a refresh token ends the whole session
 * (theft detection). Where the API is missing, the refresh runs unlocked.
 */
function oneTabAtATime<T>(work: () => Promise<T>): Promise<T> {
  const locks = globalThis.navigator?.locks;
  return locks ? locks.request('bazaar-session-refresh', work) : work();
}

/** Ends the session on the server (its refresh tokens stop working) and forgets the access token here. */
export async function signOut(): Promise<void> {
  const csrf = csrfToken();
  try {
    if (csrf) await unwrap(api.POST('/api/v1/auth/logout', { body: {}, headers: { [CSRF_HEADER]: csrf } }));
  } finally {
    dropAccessToken();
  }
}

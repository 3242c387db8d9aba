import { beforeEach, describe, expect, it } from 'vitest';
import { answerWith, requests } from '../test/fake-fetch';
import { refreshSession, signIn } from './session-api';
import { currentAccessToken, dropAccessToken } from './token-store';

const ADA = {
  id: 'u1',
  email: 'ada@example.com',
  displayName: 'Ada',
  roles: ['customer'],
  createdAt: '2026-01-01',
};

describe('the browser session', () => {
  beforeEach(() => {
    dropAccessToken();
    document.cookie = 'bazaar_csrf=; max-age=0';
  });

  it('signs in in cookie mode and keeps the access token in memory only', async () => {
    answerWith((request) =>
      request.url.endsWith('/auth/login')
        ? { body: { accessToken: 'access-1', tokenType: 'Bearer', expiresIn: 900 } }
        : { body: ADA },
    );
    await expect(signIn('ada@example.com', 'pw')).resolves.toEqual(ADA);
    expect(await requests[0].json()).toEqual({ email: 'ada@example.com', password: 'pw', session: 'cookie' });
    expect(requests[1].headers.get('authorization')).toBe('Bearer access-1');
    expect(currentAccessToken()).toBe('access-1');
    expect(localStorage.length + sessionStorage.length).toBe(0);
  });

  it('refreshes with the CSRF cookie as a header, once for callers that ask together', async () => {
    document.cookie = 'bazaar_csrf=csrf-1';
    answerWith(() => ({ body: { accessToken: 'access-2', tokenType: 'Bearer', expiresIn: 900 } }));
    const answers = await Promise.all([refreshSession(), refreshSession(), refreshSession()]);
    expect(answers).toEqual([true, true, true]);
    expect(requests).toHaveLength(1);
    expect(requests[0].url).toBe('http://localhost:3000/api/v1/auth/refresh');
    expect(requests[0].headers.get('x-csrf-token')).toBe('csrf-1');
    expect(currentAccessToken()).toBe('access-2');
  });

  it('answers false, asking nothing, when the browser holds no session', async () => {
    await expect(refreshSession()).resolves.toBe(false);
    expect(requests).toHaveLength(0);
  });

  it('answers false and forgets the token when the server refuses the refresh (revoked, reused)', async () => {
    document.cookie = 'bazaar_csrf=csrf-1';
    answerWith(() => ({
      status: 401,
      body: { title: 'Unauthenticated', status: 401, code: 'REFRESH_TOKEN_INVALID' },
    }));
    await expect(refreshSession()).resolves.toBe(false);
    expect(currentAccessToken()).toBeUndefined();
  });

  it('throws, keeping the session, when the gateway cannot be reached', async () => {
    document.cookie = 'bazaar_csrf=csrf-1';
    answerWith(() => {
      throw new TypeError('Failed to fetch');
    });
    await expect(refreshSession()).rejects.toMatchObject({ code: 'NETWORK' });
  });
});

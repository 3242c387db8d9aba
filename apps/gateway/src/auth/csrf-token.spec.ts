import { csrfTokensMatch, newCsrfToken } from './csrf-token';

describe('CSRF tokens', () => {
  it('are 32 random bytes in base64url, a new one each time', () => {
    const tokens = new Set(Array.from({ length: 50 }, () => newCsrfToken()));
    expect(tokens.size).toBe(50);
    for (const token of tokens) expect(Buffer.from(token, 'base64url')).toHaveLength(32);
  });

  it('match only when the header repeats the cookie exactly', () => {
    const token = newCsrfToken();
    expect(csrfTokensMatch(token, token)).toBe(true);
    expect(csrfTokensMatch(token, `${token} `)).toBe(false);
    expect(csrfTokensMatch(token, token.slice(0, -1))).toBe(false);
    expect(csrfTokensMatch(token, newCsrfToken())).toBe(false);
  });

  it('never match when either side is missing or the header came twice', () => {
    const token = newCsrfToken();
    expect(csrfTokensMatch(undefined, token)).toBe(false);
    expect(csrfTokensMatch(token, undefined)).toBe(false);
    expect(csrfTokensMatch('', '')).toBe(false);
    expect(csrfTokensMatch(token, [token, token])).toBe(false);
  });
});

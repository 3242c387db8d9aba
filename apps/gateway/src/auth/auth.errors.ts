import { DomainError } from '@bazaar/platform';

export const csrfTokenInvalid = () =>
  new DomainError(
    'CSRF_TOKEN_INVALID',
    'A session cookie needs the X-CSRF-Token header, equal to the bazaar_csrf cookie.',
  );

export const noRefreshToken = () =>
  new DomainError(
    'UNAUTHENTICATED',
    'No refresh token: send it as `refreshToken` in the body, or sign in with `session: "cookie"` first.',
  );

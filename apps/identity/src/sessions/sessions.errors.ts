import { DomainError } from '@bazaar/platform';

export const invalidRefreshToken = () =>
  new DomainError('REFRESH_TOKEN_INVALID', 'The refresh token is invalid, expired or already used.');

import { DomainError } from '@bazaar/platform';

export const rateLimited = (retryAfter: number) =>
  new DomainError('RATE_LIMITED', `Too many requests; retry in ${retryAfter} s.`, { retryAfter });

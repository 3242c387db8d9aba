import { DomainError } from '@bazaar/platform';

/** One answer for every refusal, so a caller cannot probe which client ids exist. */
export const serviceTokenRefused = () =>
  new DomainError('SERVICE_TOKEN_INVALID', 'Unknown client, wrong secret or unknown audience.');

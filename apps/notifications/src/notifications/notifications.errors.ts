import { DomainError } from '@bazaar/platform';

export const signInRequired = () => new DomainError('UNAUTHENTICATED', 'Sign in to read your notifications.');

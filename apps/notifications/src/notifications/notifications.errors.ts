import { DomainError } from '@bazaar/platform';

export const signInRequired = () => new DomainError('UNAUTHENTICATED', 'Sign in to read your notifications.');

/**
 * An order event for a user whose address no account event has told yet (events of different producers arrive in
 * any order). Thrown from the handler: the bus retries it, then dead-letters it with this reason, to replay once the
 * address is known.
 */
export class RecipientUnknownError extends Error {
  override readonly name = 'RecipientUnknownError';

  constructor(readonly userId: string) {
    super(`no email address known for user ${userId}: no account event of identity's has told it yet`);
  }
}

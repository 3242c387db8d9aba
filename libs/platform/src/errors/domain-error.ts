import { ErrorCode } from '@bazaar/contracts';

/**
 * The one error type business code throws. Its code comes from `@bazaar/contracts`; the platform turns it into
 * an RPC error body between services and into problem+json at the edge.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

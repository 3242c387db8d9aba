import { DomainError } from '@bazaar/platform';

/** The DomainError `decide` throws, to assert on its code and details; anything else fails the test. */
export function refusal(decide: () => unknown): DomainError {
  try {
    decide();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal, but nothing was thrown');
}

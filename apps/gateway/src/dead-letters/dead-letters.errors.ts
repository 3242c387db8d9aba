import { DomainError } from '@bazaar/platform';

export const deadLetterNotFound = (service: string, id: string) =>
  new DomainError('DEAD_LETTER_NOT_FOUND', `No dead letter ${id} in the ${service} queue.`);

/** The bus being unreachable is a 503 for the operator, not a 500. */
export const busUnreachable = () =>
  new DomainError('SERVICE_UNAVAILABLE', 'The event bus is unreachable; try again shortly.');

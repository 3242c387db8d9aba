import { DomainError } from '@bazaar/platform';

export const authorizationNotFound = (id: string) =>
  new DomainError('AUTHORIZATION_NOT_FOUND', `No authorization ${id}.`, { id });

export const wrongState = (id: string, status: string, action: string) =>
  new DomainError('AUTHORIZATION_STATE', `Authorization ${id} is ${status}: it cannot be ${action}.`, {
    id,
    status,
  });

export const amountTooLarge = (what: string, amount: number, left: number) =>
  new DomainError('AMOUNT_TOO_LARGE', `Cannot ${what} ${amount}: ${left} is left.`, { amount, left });

export const invalidField = (field: string, message: string) =>
  new DomainError('VALIDATION_FAILED', `${field} ${message}`, { fields: [{ field, messages: [message] }] });

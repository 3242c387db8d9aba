import { DomainError } from '@bazaar/platform';

export const emailTaken = () =>
  new DomainError('EMAIL_TAKEN', 'An account with this email already exists.', {
    fields: [{ field: 'email', messages: ['email is already registered'] }],
  });

export const userNotFound = (id: string) =>
  new DomainError('USER_NOT_FOUND', `No user with id ${id}.`, { id });

/** Same error for an unknown email and a wrong password: it must not tell which accounts exist. */
export const invalidCredentials = () =>
  new DomainError('INVALID_CREDENTIALS', 'The email or the password is wrong.');

export const signInRequired = () => new DomainError('UNAUTHENTICATED', 'Sign in to use this.');

export const adminRequired = () => new DomainError('FORBIDDEN', 'This needs the admin role.');

export const wrongCurrentPassword = () =>
  new DomainError('FORBIDDEN', 'The current password is wrong.', {
    fields: [{ field: 'currentPassword', messages: ['currentPassword does not match'] }],
  });

export const lastAdmin = () =>
  new DomainError('LAST_ADMIN', 'The last administrator cannot lose the admin role.');

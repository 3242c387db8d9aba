import { DomainError } from '@bazaar/platform';
import { explainPasswordRule, PasswordRule } from '../passwords/password-policy';

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

/** 422 naming the broken rule, and the field, so a form can show it beside the right input. */
export const weakPassword = (rule: PasswordRule, field: string) =>
  new DomainError('WEAK_PASSWORD', explainPasswordRule(rule), {
    rule,
    fields: [{ field, messages: [explainPasswordRule(rule)] }],
  });

export const lastAdmin = () =>
  new DomainError('LAST_ADMIN', 'The last administrator cannot lose the admin role.');

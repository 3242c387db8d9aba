import { IDENTITY_LIMITS } from '@bazaar/contracts';
import { COMMON_PASSWORDS } from './common-passwords';

export type PasswordRule = 'min-length' | 'max-length' | 'not-email' | 'common-password' | 'one-character';

/** The first rule a password breaks, or undefined when it is acceptable. */
export function brokenPasswordRule(password: string, email: string): PasswordRule | undefined {
  const lower = password.toLowerCase();
  const normalizedEmail = email.trim().toLowerCase();
  if ([...password].length < IDENTITY_LIMITS.passwordMinLength) return 'min-length';
  if (password.length > IDENTITY_LIMITS.passwordMaxLength) return 'max-length';
  if (lower === normalizedEmail || lower === normalizedEmail.split('@')[0]) return 'not-email';
  if (COMMON_PASSWORDS.has(lower)) return 'common-password';
  if (new Set(password).size === 1) return 'one-character';
  return undefined;
}

const EXPLANATION: Record<PasswordRule, string> = {
  'min-length': `The password must have at least ${IDENTITY_LIMITS.passwordMinLength} characters.`,
  'max-length': `The password must have at most ${IDENTITY_LIMITS.passwordMaxLength} characters.`,
  'not-email': 'The password must not be the email address.',
  'common-password': 'The password is on the list of commonly used passwords.',
  'one-character': 'The password must not repeat a single character.',
};

/** The rule in words, for the person choosing the password. */
export function explainPasswordRule(rule: PasswordRule): string {
  return EXPLANATION[rule];
}

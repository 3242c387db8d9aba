import { brokenPasswordRule } from './password-policy';

describe('password policy', () => {
  const email = 'Ada.Lovelace@Example.com';

  it.each([
    ['short', 'min-length'],
    ['ääääääää9', 'min-length'],
    ['x'.repeat(257), 'max-length'],
    ['ada.lovelace@example.com', 'not-email'],
    ['ADA.LOVELACE', 'not-email'],
    ['Password123', 'common-password'],
    ['QWERTYUIOP', 'common-password'],
    ['zzzzzzzzzzzz', 'one-character'],
  ])('refuses %j (%s)', (password, rule) => {
    expect(brokenPasswordRule(password, email)).toBe(rule);
  });

  it.each(['correct horse battery', 'Tr0ub4dor&3-extended', '十个汉字的密码短语很长'])(
    'accepts %j',
    (password) => {
      expect(brokenPasswordRule(password, email)).toBeUndefined();
    },
  );
});

import { DomainError } from '@bazaar/platform';
import { withoutRole, withRole } from './role-changes';
import { weakPassword } from './users.errors';

function thrownBy(work: () => unknown): unknown {
  try {
    work();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('role changes', () => {
  it('adds a role once', () => {
    expect(withRole(['customer'], 'admin')).toEqual(['customer', 'admin']);
    expect(withRole(['customer', 'admin'], 'admin')).toEqual(['customer', 'admin']);
  });

  it('removes a role, and removing a missing one changes nothing', () => {
    expect(withoutRole(['customer', 'admin'], 'customer', 1)).toEqual(['admin']);
    expect(withoutRole(['customer'], 'admin', 1)).toEqual(['customer']);
  });

  it('takes the admin role from an administrator while another one remains', () => {
    expect(withoutRole(['customer', 'admin'], 'admin', 2)).toEqual(['customer']);
  });

  it('refuses to take the admin role from the last administrator', () => {
    const error = thrownBy(() => withoutRole(['customer', 'admin'], 'admin', 1));
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'LAST_ADMIN' });
  });
});

describe('a weak password', () => {
  it('is refused as WEAK_PASSWORD naming the rule and the field', () => {
    expect(weakPassword('min-length', 'newPassword')).toMatchObject({
      code: 'WEAK_PASSWORD',
      message: 'The password must have at least 10 characters.',
      details: { rule: 'min-length', fields: [{ field: 'newPassword' }] },
    });
  });
});

import { Role } from '@bazaar/contracts';
import { lastAdmin } from './users.errors';

/** The roles with `role` added; unchanged when it is already there. */
export function withRole(roles: Role[], role: Role): Role[] {
  return roles.includes(role) ? roles : [...roles, role];
}

/**
 * The roles without `role`. Refuses to take the admin role from the last administrator: nobody could give it
 * back. `admins` must be counted under the same lock as the change, or two admins could demote each other.
 */
export function withoutRole(roles: Role[], role: Role, admins: number): Role[] {
  if (role === 'admin' && roles.includes('admin') && admins <= 1) throw lastAdmin();
  return roles.filter((r) => r !== role);
}

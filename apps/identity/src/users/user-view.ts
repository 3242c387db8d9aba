import { Role, UserView } from '@bazaar/contracts';

export interface UserRow {
  id: string;
  email: string;
  displayName: string;
  roles: string[];
  createdAt: Date;
}

export const USER_VIEW_SELECT = {
  id: true,
  email: true,
  displayName: true,
  roles: true,
  createdAt: true,
} as const;

export function toUserView(row: UserRow): UserView {
  return {
    id: row.id,
    email: row.email,
    displayName: row.displayName,
    roles: row.roles as Role[],
    createdAt: row.createdAt.toISOString(),
  };
}

/** One account per address, whatever the letter case or surrounding spaces. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

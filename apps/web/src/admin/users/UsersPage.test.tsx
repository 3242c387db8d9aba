import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { type FakeApi, fakeApi, json, problem } from '../../test/fake-api';
import { renderPage } from '../../test/render';
import type { User } from './user-queries';
import { UsersPage } from './UsersPage';

const user = (id: string, email: string, roles: User['roles']): User => ({
  id,
  email,
  displayName: email.split('@')[0],
  roles,
  createdAt: '2026-11-01T09:00:00.000Z',
});

const ADMIN = user('00000000-0000-4000-8000-00000000000a', 'root@example.com', ['customer', 'admin']);
const ADA = user('00000000-0000-4000-8000-00000000000b', 'ada@example.com', ['customer']);

describe('UsersPage', () => {
  let gateway: FakeApi;

  beforeEach(() => {
    gateway = fakeApi({
      'GET /api/v1/admin/users': () => json(200, { items: [ADMIN, ADA], nextCursor: null }),
    });
  });

  it('grants the admin role and shows the user’s new roles', async () => {
    gateway.on('PUT /api/v1/admin/users/:id/roles/:role', () =>
      json(200, { ...ADA, roles: ['customer', 'admin'] }),
    );
    renderPage(<UsersPage />, '/admin/users');
    const row = await screen.findByRole('row', { name: /ada@example\.com/ });

    await userEvent.click(within(row).getByRole('button', { name: /^Make admin/ }));

    expect((await within(row).findByText('customer, admin')).textContent).toBe('customer, admin');
    expect(gateway.sent('PUT', `/api/v1/admin/users/${ADA.id}/roles/admin`)).toHaveLength(1);
    expect(screen.getByRole('status').textContent).toBe('ada@example.com is now an administrator.');
  });

  it('explains a LAST_ADMIN refusal in plain words, with the request ID', async () => {
    gateway.on('DELETE /api/v1/admin/users/:id/roles/:role', () =>
      problem(409, 'LAST_ADMIN', 'The last administrator cannot lose the admin role.', {
        requestId: 'req-last-admin',
      }),
    );
    renderPage(<UsersPage />, '/admin/users');
    const row = await screen.findByRole('row', { name: /root@example\.com/ });

    await userEvent.click(within(row).getByRole('button', { name: /^Revoke admin/ }));
    await userEvent.click(within(row).getByRole('button', { name: 'Yes, revoke' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain(
      'root@example.com is the last administrator, so the admin role stays.',
    );
    expect(alert.textContent).toContain('Request ID: req-last-admin');
    expect(within(row).getByText('customer, admin')).toBeTruthy();
  });
});

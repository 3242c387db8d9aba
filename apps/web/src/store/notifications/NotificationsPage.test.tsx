import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeApi, json, problem, signedInRoutes } from '../../test/fake-api';
import { renderStore } from '../../test/render';

describe('NotificationsPage', () => {
  it('shows each email: subject as a heading, when, to whom, whether it was sent, and its text', async () => {
    fakeApi({
      ...signedInRoutes(),
      'GET /api/v1/me/notifications': () =>
        json(200, {
          items: [
            {
              id: '0190a000-0000-7000-8000-000000000001',
              eventType: 'orders.order.confirmed.v1',
              channel: 'email',
              recipient: 'ada@example.com',
              subject: 'Your Bazaar order 42 is confirmed',
              body: 'Hello,\n\n  2 × Tee at €24.00 each: €48.00\nTotal: €48.00',
              status: 'sent',
              attempts: 1,
              lastError: null,
              createdAt: '2026-12-01T08:00:00.000Z',
              sentAt: '2026-12-01T08:00:01.000Z',
            },
          ],
          nextCursor: null,
        }),
    });
    renderStore('/notifications');

    const subject = await screen.findByRole('heading', {
      level: 2,
      name: 'Your Bazaar order 42 is confirmed',
    });
    const email = subject.closest('article')!;
    expect(email.textContent).toContain('to ada@example.com · Sent');
    expect(email.textContent).toContain('2 × Tee at €24.00 each: €48.00');
  });

  it('an empty inbox says so; a failed one says why', async () => {
    fakeApi({
      ...signedInRoutes(),
      'GET /api/v1/me/notifications': () => json(200, { items: [], nextCursor: null }),
    });
    const { unmount } = renderStore('/notifications');
    expect(await screen.findByText('No emails yet.')).toBeTruthy();
    unmount();

    fakeApi({
      ...signedInRoutes(),
      'GET /api/v1/me/notifications': () =>
        problem(503, 'SERVICE_UNAVAILABLE', 'The notifications service is unavailable.'),
    });
    renderStore('/notifications');
    expect((await screen.findByRole('alert')).textContent).toContain(
      'The notifications service is unavailable.',
    );
  });
});

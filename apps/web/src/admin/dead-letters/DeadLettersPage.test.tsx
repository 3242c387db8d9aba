import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { type FakeApi, fakeApi, json, noContent, problem } from '../../test/fake-api';
import { renderPage } from '../../test/render';
import type { DeadLetter } from './dead-letter-queries';
import { DeadLettersPage } from './DeadLettersPage';

const letter = (id: string, type: string): DeadLetter => ({
  id,
  service: 'notifications',
  eventId: `event-${id}`,
  type,
  reason: 'Error: email must be an email',
  attempts: 3,
  deadLetteredAt: '2026-11-30T10:00:00.000Z',
  body: { payload: { email: 'not an email' } },
});

const POISON = letter('8b0c5c0e-0000-4000-8000-000000000001', 'identity.user.registered.v1');
const OTHER = letter('8b0c5c0e-0000-4000-8000-000000000002', 'orders.order.confirmed.v1');
const REPLAY_PATH = `/api/v1/admin/dead-letters/notifications/${POISON.id}/replay`;

describe('DeadLettersPage', () => {
  let gateway: FakeApi;
  /** The fake gateway's dead-letter queue: what it lists now. */
  let queue: DeadLetter[];

  beforeEach(() => {
    queue = [POISON, OTHER];
    gateway = fakeApi({ 'GET /api/v1/admin/dead-letters': () => json(200, { items: queue }) });
  });

  const rowOf = (type: string) => screen.getByRole('row', { name: (name) => name.includes(type) });

  it('replay sends the POST for that letter, the row goes away and the result is announced', async () => {
    gateway.on('POST /api/v1/admin/dead-letters/:service/:id/replay', (_, { id }) => {
      queue = queue.filter((item) => item.id !== id);
      return noContent();
    });
    renderPage(<DeadLettersPage />, '/admin/dead-letters');
    const row = await screen.findByRole('row', { name: /identity\.user\.registered\.v1/ });

    await userEvent.click(within(row).getByRole('button', { name: /^Replay/ }));

    await waitFor(() =>
      expect(screen.queryByRole('row', { name: /identity\.user\.registered\.v1/ })).toBeNull(),
    );
    const replays = gateway.sent('POST', REPLAY_PATH);
    expect(replays).toHaveLength(1);
    expect(replays[0].headers.get('Idempotency-Key')).toMatch(/^[\x21-\x7e]{1,200}$/);
    expect(screen.getByRole('status').textContent).toBe(
      `Replayed identity.user.registered.v1 for notifications (${POISON.id}).`,
    );
    // The other letter was not touched.
    expect(rowOf(OTHER.type!)).toBeTruthy();
    expect(gateway.requests.filter((request) => request.method !== 'GET')).toHaveLength(1);
  });

  it('a failed replay shows the problem with its request ID, and the row stays', async () => {
    gateway.on('POST /api/v1/admin/dead-letters/:service/:id/replay', () =>
      problem(503, 'SERVICE_UNAVAILABLE', 'The notifications service did not answer in time.', {
        requestId: 'req-dead-letter-42',
      }),
    );
    renderPage(<DeadLettersPage />, '/admin/dead-letters');
    const row = await screen.findByRole('row', { name: /identity\.user\.registered\.v1/ });

    await userEvent.click(within(row).getByRole('button', { name: /^Replay/ }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The notifications service did not answer in time.');
    expect(alert.textContent).toContain('Request ID: req-dead-letter-42');
    expect(rowOf(POISON.type!)).toBeTruthy();
    expect(screen.getByRole('status').textContent).toBe('');
  });

  it('drop asks first, then sends the DELETE and announces it', async () => {
    gateway.on('DELETE /api/v1/admin/dead-letters/:service/:id', (_, { id }) => {
      queue = queue.filter((item) => item.id !== id);
      return noContent();
    });
    renderPage(<DeadLettersPage />, '/admin/dead-letters');
    const row = await screen.findByRole('row', { name: /orders\.order\.confirmed\.v1/ });

    await userEvent.click(within(row).getByRole('button', { name: /^Drop/ }));
    expect(gateway.sent('DELETE', `/api/v1/admin/dead-letters/notifications/${OTHER.id}`)).toHaveLength(0);
    const confirm = within(row).getByRole('button', { name: 'Yes, drop' });
    expect(document.activeElement).toBe(confirm);
    await userEvent.click(confirm);

    await waitFor(() =>
      expect(screen.queryByRole('row', { name: /orders\.order\.confirmed\.v1/ })).toBeNull(),
    );
    expect(gateway.sent('DELETE', `/api/v1/admin/dead-letters/notifications/${OTHER.id}`)).toHaveLength(1);
    expect(screen.getByRole('status').textContent).toContain('Dropped orders.order.confirmed.v1');
  });

  it('lists one service when chosen, and says when there is nothing to handle', async () => {
    queue = [];
    renderPage(<DeadLettersPage />, '/admin/dead-letters?service=inventory');
    expect(await screen.findByText('No dead letters for inventory. Every message was handled.')).toBeTruthy();
    expect(gateway.sent('GET', '/api/v1/admin/dead-letters')[0].query.get('service')).toBe('inventory');
  });
});

import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { type FakeApi, fakeApi, json } from '../../test/fake-api';
import { renderPage } from '../../test/render';
import type { AdminOrder } from './order-queries';
import { OrdersPage } from './OrdersPage';

const order = (id: string, status: AdminOrder['status']): AdminOrder => ({
  id,
  status,
  total: { amountMinor: 4800, currency: 'EUR' },
  linesCount: 2,
  createdAt: '2026-11-30T10:00:00.000Z',
  updatedAt: '2026-11-30T10:05:00.000Z',
  userId: '00000000-0000-4000-8000-0000000000aa',
});

const STUCK = order('0d000000-0000-4000-8000-000000000001', 'COMPENSATION_FAILED');
const DONE = order('0d000000-0000-4000-8000-000000000002', 'CONFIRMED');

/** Matches a row by a text its accessible name contains (an order ID). */
const naming = (text: string) => (name: string) => name.includes(text);

describe('OrdersPage', () => {
  let gateway: FakeApi;

  beforeEach(() => {
    gateway = fakeApi({
      'GET /api/v1/admin/orders': (request) => {
        const status = request.query.get('status');
        const items = [STUCK, DONE].filter((item) => !status || item.status === status);
        return json(200, { items, nextCursor: null });
      },
    });
  });

  it('marks an order stuck in COMPENSATION_FAILED as needing attention, in words', async () => {
    renderPage(<OrdersPage />, '/admin/orders');
    const stuck = await screen.findByRole('row', { name: naming(STUCK.id) });
    expect(within(stuck).getByText(/needs attention/)).toBeTruthy();
    expect(stuck.className).toContain('row--attention');
    const done = screen.getByRole('row', { name: naming(DONE.id) });
    expect(within(done).queryByText(/needs attention/)).toBeNull();
    expect(
      within(done)
        .getByRole('link', { name: `Payments of order ${DONE.id}` })
        .getAttribute('href'),
    ).toBe(`/admin/payments?orderId=${DONE.id}`);
  });

  it('asks the gateway for one status when it is chosen', async () => {
    renderPage(<OrdersPage />, '/admin/orders');
    await screen.findByRole('row', { name: naming(DONE.id) });

    await userEvent.selectOptions(screen.getByLabelText('Status'), 'COMPENSATION_FAILED');

    await screen.findByRole('heading', { name: 'Orders' });
    expect(await screen.findByRole('row', { name: naming(STUCK.id) })).toBeTruthy();
    expect(screen.queryByRole('row', { name: naming(DONE.id) })).toBeNull();
    const asked = gateway.sent('GET', '/api/v1/admin/orders').map((request) => request.query.get('status'));
    expect(asked).toEqual([null, 'COMPENSATION_FAILED']);
  });
});

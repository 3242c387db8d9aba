import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeApi, json, signedInRoutes } from '../../test/fake-api';
import { renderStore } from '../../test/render';

const summary = (n: number, status: string) => ({
  id: `0190a000-0000-7000-8000-${String(n).padStart(12, '0')}`,
  status,
  total: { amountMinor: 1000 * n, currency: 'EUR' },
  linesCount: n,
  createdAt: '2026-12-01T08:00:00.000Z',
  updatedAt: '2026-12-01T08:00:00.000Z',
});

describe('OrderHistoryPage', () => {
  it('lists the orders newest first and loads the next page with the cursor the last one gave', async () => {
    const user = userEvent.setup();
    const api = fakeApi({
      ...signedInRoutes(),
      'GET /api/v1/orders': ({ query }) =>
        query.get('cursor') === 'page-2'
          ? json(200, { items: [summary(1, 'CANCELLED')], nextCursor: null })
          : json(200, { items: [summary(3, 'CONFIRMED'), summary(2, 'PENDING')], nextCursor: 'page-2' }),
    });
    renderStore('/orders');

    const table = await screen.findByRole('table');
    expect(within(table).getAllByRole('row')).toHaveLength(3);
    expect(within(table).getByRole('link', { name: `Order ${summary(3, 'CONFIRMED').id}` })).toBeTruthy();
    expect(table.textContent).toContain('Confirmed');
    expect(table.textContent).toContain('€30.00');

    await user.click(screen.getByRole('button', { name: 'Load more orders' }));
    expect(await screen.findByText('Cancelled')).toBeTruthy();
    expect(within(table).getAllByRole('row')).toHaveLength(4);
    expect(screen.queryByRole('button', { name: 'Load more orders' })).toBeNull();
    expect(api.sent('GET', '/api/v1/orders').map((r) => r.query.get('cursor'))).toEqual([null, 'page-2']);
  });

  it('says when there are no orders yet', async () => {
    fakeApi({ ...signedInRoutes(), 'GET /api/v1/orders': () => json(200, { items: [], nextCursor: null }) });
    renderStore('/orders');
    expect(await screen.findByText(/You have not ordered anything yet/)).toBeTruthy();
  });
});

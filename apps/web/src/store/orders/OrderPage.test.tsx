import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeApi, json, signedInRoutes } from '../../test/fake-api';
import { renderStore } from '../../test/render';
import type { Order, OrderStep } from './order-status';

const ID = '0190a000-0000-7000-8000-0000000000aa';
const eur = (amountMinor: number) => ({ amountMinor, currency: 'EUR' as const });
const at = '2026-12-01T08:00:00.000Z';
const step = (
  name: string,
  outcome: OrderStep['outcome'],
  status: Order['status'],
  detail: string | null = null,
) => ({ step: name, kind: 'forward', outcome, attempt: 1, detail, status, at }) satisfies OrderStep;

const order = (status: Order['status'], steps: OrderStep[]): Order => ({
  id: ID,
  status,
  lines: [
    {
      productId: '0190a000-0000-7000-8000-00000000000a',
      sku: 'APP-001-1',
      name: 'Organic Cotton Tee',
      unitPrice: eur(2400),
      quantity: 1,
      lineTotal: eur(2400),
      cartUnitPrice: eur(2400),
      priceChanged: false,
    },
  ],
  total: eur(2400),
  shippingAddress: {
    name: 'Ada Shopper',
    line1: '1 Main St',
    city: 'Lyon',
    postalCode: '69001',
    country: 'FR',
  },
  paymentDeadline: null,
  createdAt: at,
  updatedAt: at,
  steps,
});

describe('OrderPage', () => {
  it('polls a running order until it settles, then says in plain words that the card was declined', async () => {
    const answers = [
      order('PENDING', [step('place', 'succeeded', 'PENDING')]),
      order('CANCELLED', [
        step('place', 'succeeded', 'PENDING'),
        { ...step('release-stock', 'planned', 'PENDING'), kind: 'compensation' },
        step('reserve-stock', 'succeeded', 'STOCK_RESERVED', 'reservation r1'),
        step('authorize-payment', 'failed', 'CANCELLING', 'CARD_DECLINED'),
        { ...step('release-stock', 'succeeded', 'CANCELLED'), kind: 'compensation' },
      ]),
    ];
    const api = fakeApi({
      ...signedInRoutes(),
      [`GET /api/v1/orders/${ID}`]: () => json(200, answers.shift() ?? answers.at(-1)),
    });
    renderStore(`/orders/${ID}`);

    // The status banner: the page's live region once the order is loaded.
    const banner = async () => (await screen.findByText(/^Status:/)).closest('[role="status"]')?.textContent;
    expect(await banner()).toContain('PENDING');
    await waitFor(async () => expect(await banner()).toContain('CANCELLED'), { timeout: 3_000 });
    expect(await banner()).toContain(
      'Your card was declined by its issuer. Your order was cancelled and no money was taken.',
    );
    expect(screen.getByRole('list', { name: 'Order steps' }).textContent).toContain(
      'Authorize the payment failed',
    );
    // The undo's plan is bookkeeping: only the undo that ran is shown.
    expect(screen.getAllByText('Release the reserved stock (undo)')).toHaveLength(1);

    // Settled: no more polling.
    const polls = api.sent('GET', `/api/v1/orders/${ID}`).length;
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(api.sent('GET', `/api/v1/orders/${ID}`)).toHaveLength(polls);
  }, 10_000);
});

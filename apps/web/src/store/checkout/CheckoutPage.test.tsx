import { screen, waitFor, within } from '@testing-library/react';
import userEvent, { type UserEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeApi, json, networkFailure, problem, type Routes, signedInRoutes } from '../../test/fake-api';
import type { FakeAnswer } from '../../test/fake-fetch';
import { renderStore } from '../../test/render';
import type { Cart } from '../cart/cart-query';

const ORDER_ID = '0190a000-0000-7000-8000-0000000000aa';
const eur = (amountMinor: number) => ({ amountMinor, currency: 'EUR' as const });
const CART: Cart = {
  lines: [
    {
      productId: '0190a000-0000-7000-8000-00000000000a',
      sku: 'APP-001-1',
      name: 'Organic Cotton Tee',
      unitPrice: eur(2400),
      quantity: 2,
      lineTotal: eur(4800),
      availability: { status: 'in_stock' },
    },
  ],
  itemCount: 2,
  total: eur(4800),
};
const ADDRESS = { name: 'Ada Shopper', line1: '1 Main St', city: 'Lyon', postalCode: '69001', country: 'FR' };

/** The order as the gateway answers a placed one (202, PENDING). */
const placed = () =>
  json(202, {
    id: ORDER_ID,
    status: 'PENDING',
    lines: [],
    total: eur(4800),
    shippingAddress: ADDRESS,
    paymentDeadline: null,
    createdAt: '2026-12-01T08:00:00.000Z',
    updatedAt: '2026-12-01T08:00:00.000Z',
  });

function shop(orders: Routes[string]) {
  return fakeApi({
    ...signedInRoutes(),
    'GET /api/v1/cart': () => json(200, CART),
    'POST /api/v1/orders': orders,
    // The order page the checkout goes to; its content is another test's business.
    [`GET /api/v1/orders/${ORDER_ID}`]: () => problem(503, 'SERVICE_UNAVAILABLE', 'Not in this test.'),
  });
}

async function fillAddress(user: UserEvent, address: Partial<typeof ADDRESS> = ADDRESS) {
  if (address.name) await user.type(await screen.findByLabelText('Full name'), address.name);
  if (address.line1) await user.type(screen.getByLabelText('Address'), address.line1);
  if (address.city) await user.type(screen.getByLabelText('City'), address.city);
  if (address.postalCode) await user.type(screen.getByLabelText('Postal code'), address.postalCode);
  if (address.country) await user.selectOptions(screen.getByLabelText('Country'), address.country);
}

const keysOf = (requests: Array<{ headers: Headers }>) =>
  requests.map((r) => r.headers.get('idempotency-key'));

describe('CheckoutPage', () => {
  it('a double click on "Place order" sends one POST, with an Idempotency-Key, then opens the order', async () => {
    const user = userEvent.setup();
    let answer: (response: FakeAnswer) => void = () => undefined;
    const api = shop(() => new Promise<FakeAnswer>((resolve) => (answer = resolve)));
    renderStore('/checkout');
    await fillAddress(user);
    await user.selectOptions(screen.getByLabelText(/^Card/), 'tok_declined');

    await user.dblClick(screen.getByRole('button', { name: 'Place order' }));
    await waitFor(() => expect(api.sent('POST', '/api/v1/orders')).toHaveLength(1));
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Placing your order…' }).disabled).toBe(
      true,
    );
    await user.click(screen.getByRole('button', { name: 'Placing your order…' }));
    answer(placed());

    await waitFor(() => expect(screen.getByTestId('location').textContent).toBe(`/orders/${ORDER_ID}`));
    const [post] = api.sent('POST', '/api/v1/orders');
    expect(api.sent('POST', '/api/v1/orders')).toHaveLength(1);
    expect(post.headers.get('idempotency-key')).toMatch(/^[0-9a-f-]{36}$/);
    expect(post.body).toEqual({ shippingAddress: ADDRESS, cardToken: 'tok_declined' });
  });

  it('retries a POST that got no answer with the same key, automatically and then on "Try again"', async () => {
    const user = userEvent.setup();
    let attempts = 0;
    // No answer three times (the first try and both automatic retries), then the order is placed.
    const api = shop(() => (++attempts <= 3 ? networkFailure() : placed()));
    renderStore('/checkout');
    await fillAddress(user);
    await user.click(screen.getByRole('button', { name: 'Place order' }));

    const alert = await screen.findByRole('alert', {}, { timeout: 5_000 });
    expect(alert.textContent).toContain('The shop could not be reached');
    expect(api.sent('POST', '/api/v1/orders')).toHaveLength(3);
    await user.click(within(alert).getByRole('button', { name: 'Try again' }));

    await waitFor(() => expect(screen.getByTestId('location').textContent).toBe(`/orders/${ORDER_ID}`));
    const keys = keysOf(api.sent('POST', '/api/v1/orders'));
    expect(keys).toHaveLength(4);
    expect(new Set(keys).size).toBe(1);
  }, 10_000);

  it('shows a field error beside its field, and the corrected order goes as a new attempt with a new key', async () => {
    const user = userEvent.setup();
    const api = shop(({ body }) =>
      (body as { shippingAddress: { postalCode: string } }).shippingAddress.postalCode === 'nope!'
        ? problem(400, 'VALIDATION_FAILED', 'Invalid value for: shippingAddress.postalCode', {
            errors: [{ field: 'shippingAddress.postalCode', messages: ['postalCode is not a postal code'] }],
          })
        : placed(),
    );
    renderStore('/checkout');
    await fillAddress(user, { ...ADDRESS, postalCode: 'nope!' });
    await user.click(screen.getByRole('button', { name: 'Place order' }));

    const postalCode = screen.getByLabelText('Postal code');
    await waitFor(() => expect(postalCode.getAttribute('aria-invalid')).toBe('true'));
    const describedBy = postalCode.getAttribute('aria-describedby') ?? '';
    expect(document.getElementById(describedBy)?.textContent).toBe('postalCode is not a postal code');
    expect(screen.getByLabelText('City').getAttribute('aria-invalid')).toBeNull();
    // Beside the field, not repeated as a general alert.
    expect(screen.queryByRole('alert')).toBeNull();

    await user.clear(postalCode);
    await user.type(postalCode, '69001');
    await user.click(screen.getByRole('button', { name: 'Place order' }));
    await waitFor(() => expect(screen.getByTestId('location').textContent).toBe(`/orders/${ORDER_ID}`));
    const keys = keysOf(api.sent('POST', '/api/v1/orders'));
    expect(keys).toHaveLength(2);
    expect(keys[0]).not.toBe(keys[1]);
  });

  it('a refusal that is not about a field is shown with its request ID, and offers no blind retry', async () => {
    const user = userEvent.setup();
    shop(() => problem(409, 'INSUFFICIENT_STOCK', 'Only 1 unit of APP-001-1 is available.'));
    renderStore('/checkout');
    await fillAddress(user);
    await user.click(screen.getByRole('button', { name: 'Place order' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Only 1 unit of APP-001-1 is available.');
    expect(alert.textContent).toContain('req-insufficient_stock');
    expect(within(alert).queryByRole('button', { name: 'Try again' })).toBeNull();
  });

  it('an empty cart has nothing to check out', async () => {
    fakeApi({
      ...signedInRoutes(),
      'GET /api/v1/cart': () => json(200, { lines: [], itemCount: 0, total: null }),
    });
    renderStore('/checkout');
    expect(await screen.findByText(/Your cart is empty/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Place order' })).toBeNull();
  });
});

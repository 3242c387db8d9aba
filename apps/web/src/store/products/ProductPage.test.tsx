import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeApi, json, signedInRoutes, signedOut } from '../../test/fake-api';
import { renderStore } from '../../test/render';
import type { Cart } from '../cart/cart-query';
import type { Product } from './product-query';

const TEE: Product = {
  id: '0190a000-0000-7000-8000-00000000000a',
  sku: 'APP-001-1',
  name: 'Organic Cotton Tee',
  description: 'Soft and sturdy.',
  price: { amountMinor: 2400, currency: 'EUR' },
  category: { slug: 'apparel', name: 'Apparel' },
  createdAt: '2026-11-30T10:00:00.000Z',
  updatedAt: '2026-11-30T10:00:00.000Z',
  availability: { status: 'low' },
};

const cartWith = (quantity: number): Cart => ({
  lines: [
    {
      productId: TEE.id,
      sku: TEE.sku,
      name: TEE.name,
      unitPrice: TEE.price,
      quantity,
      lineTotal: { amountMinor: quantity * 2400, currency: 'EUR' },
      availability: TEE.availability,
    },
  ],
  itemCount: quantity,
  total: { amountMinor: quantity * 2400, currency: 'EUR' },
});

describe('ProductPage', () => {
  it('shows name, price and availability; signed out, it links to sign in and back here', async () => {
    signedOut();
    fakeApi({ [`GET /api/v1/products/${TEE.id}`]: () => json(200, TEE) });
    renderStore(`/products/${TEE.id}`);

    expect(await screen.findByRole('heading', { level: 1, name: TEE.name })).toBeTruthy();
    expect(screen.getByText('€24.00')).toBeTruthy();
    expect(screen.getByText('Only a few left')).toBeTruthy();
    const signIn = await screen.findByRole('link', { name: 'Sign in to add this to your cart' });
    expect(signIn.getAttribute('href')).toBe(`/sign-in?next=${encodeURIComponent(`/products/${TEE.id}`)}`);
    expect(screen.queryByRole('button', { name: 'Add to cart' })).toBeNull();
  });

  it('adds to the units already in the cart: 2 there, 3 more is a PUT of 5', async () => {
    const user = userEvent.setup();
    const api = fakeApi({
      ...signedInRoutes(),
      [`GET /api/v1/products/${TEE.id}`]: () => json(200, TEE),
      'GET /api/v1/cart': () => json(200, cartWith(2)),
      [`PUT /api/v1/cart/items/${TEE.id}`]: () => json(200, cartWith(5)),
    });
    renderStore(`/products/${TEE.id}`);

    const add = await screen.findByRole<HTMLButtonElement>('button', { name: 'Add to cart' });
    await waitFor(() => expect(add.disabled).toBe(false));
    const quantity = screen.getByLabelText('Quantity');
    await user.clear(quantity);
    await user.type(quantity, '3');
    await user.click(add);

    expect(await screen.findByText(/Added\. Your cart has 5 of this product\./)).toBeTruthy();
    expect(api.sent('PUT', `/api/v1/cart/items/${TEE.id}`).map((r) => r.body)).toEqual([{ quantity: 5 }]);
    expect(screen.getByRole('link', { name: 'View your cart' }).getAttribute('href')).toBe('/cart');
  });
});

import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeApi, json, problem, signedInRoutes, signedOut } from '../../test/fake-api';
import { renderStore } from '../../test/render';
import type { Cart, CartLine } from './cart-query';

const eur = (amountMinor: number) => ({ amountMinor, currency: 'EUR' as const });

const TEE: CartLine = {
  productId: '0190a000-0000-7000-8000-00000000000a',
  sku: 'APP-001-1',
  name: 'Organic Cotton Tee',
  unitPrice: eur(2400),
  quantity: 2,
  lineTotal: eur(4800),
  availability: { status: 'in_stock' },
};
const MUG: CartLine = {
  productId: '0190a000-0000-7000-8000-00000000000b',
  sku: 'HOM-002-1',
  name: 'Stoneware Mug',
  unitPrice: eur(1250),
  quantity: 1,
  lineTotal: eur(1250),
  availability: { status: 'low' },
};

/** A cart as the gateway answers it: totals computed by the server, never by the page. */
function cartOf(...lines: CartLine[]): Cart {
  const total = lines.reduce((sum, line) => sum + line.lineTotal.amountMinor, 0);
  return {
    lines,
    itemCount: lines.reduce((sum, line) => sum + line.quantity, 0),
    total: lines.length ? eur(total) : null,
  };
}

describe('CartPage', () => {
  it('shows each line with its price, quantity and availability, and the totals', async () => {
    fakeApi({ ...signedInRoutes(), 'GET /api/v1/cart': () => json(200, cartOf(TEE, MUG)) });
    renderStore('/cart');

    const lines = await screen.findByRole('list', { name: 'Cart lines' });
    const [tee, mug] = within(lines).getAllByRole('listitem');
    expect(within(tee).getByRole('heading', { name: 'Organic Cotton Tee' })).toBeTruthy();
    expect(tee.textContent).toContain('€24.00 each');
    expect(tee.textContent).toContain('In stock');
    expect(tee.textContent).toContain('€48.00');
    expect(within(tee).getByLabelText<HTMLInputElement>('Quantity of Organic Cotton Tee').value).toBe('2');
    expect(mug.textContent).toContain('Only a few left');
    expect(screen.getByText('3 items')).toBeTruthy();
    expect(screen.getByText(/Total:/).textContent).toBe('Total: €60.50');
    expect(screen.getByRole('link', { name: 'Go to checkout' }).getAttribute('href')).toBe('/checkout');
  });

  it('changing a quantity sends PUT /cart/items/{productId} with it, and shows the cart the server answers', async () => {
    const user = userEvent.setup();
    const api = fakeApi({
      ...signedInRoutes(),
      'GET /api/v1/cart': () => json(200, cartOf(TEE, MUG)),
      [`PUT /api/v1/cart/items/${TEE.productId}`]: () =>
        json(200, cartOf({ ...TEE, quantity: 5, lineTotal: eur(12000) }, MUG)),
    });
    renderStore('/cart');

    const quantity = await screen.findByLabelText('Quantity of Organic Cotton Tee');
    await user.clear(quantity);
    await user.type(quantity, '5');
    await user.click(within(quantity.closest('li')!).getByRole('button', { name: 'Update' }));

    await waitFor(() => expect(screen.getByText(/Total:/).textContent).toBe('Total: €132.50'));
    expect(api.sent('PUT', `/api/v1/cart/items/${TEE.productId}`).map((r) => r.body)).toEqual([
      { quantity: 5 },
    ]);
    expect(api.sent('PUT', `/api/v1/cart/items/${TEE.productId}`)[0].headers.get('authorization')).toBe(
      'Bearer access-token',
    );
    expect(screen.getByText('6 items')).toBeTruthy();
    expect(screen.getByRole('status').textContent).toBe('Cart updated.');
  });

  it('"Remove" sets the quantity to 0, and the last line gone leaves the empty state', async () => {
    const user = userEvent.setup();
    const api = fakeApi({
      ...signedInRoutes(),
      'GET /api/v1/cart': () => json(200, cartOf(MUG)),
      [`PUT /api/v1/cart/items/${MUG.productId}`]: () => json(200, cartOf()),
    });
    renderStore('/cart');

    await user.click(await screen.findByRole('button', { name: 'Remove Stoneware Mug from the cart' }));

    expect(await screen.findByText(/Your cart is empty/)).toBeTruthy();
    expect(api.sent('PUT', `/api/v1/cart/items/${MUG.productId}`).map((r) => r.body)).toEqual([
      { quantity: 0 },
    ]);
  });

  it('an empty cart says so and points back to the products', async () => {
    fakeApi({ ...signedInRoutes(), 'GET /api/v1/cart': () => json(200, cartOf()) });
    renderStore('/cart');

    expect(await screen.findByText(/Your cart is empty/)).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Browse the products' }).getAttribute('href')).toBe('/');
    expect(screen.queryByRole('link', { name: 'Go to checkout' })).toBeNull();
  });

  it('a cart that cannot be loaded shows why, with the request ID, and loads it on "Try again"', async () => {
    const user = userEvent.setup();
    let answers = 0;
    fakeApi({
      ...signedInRoutes(),
      'GET /api/v1/cart': () =>
        ++answers === 1
          ? problem(503, 'SERVICE_UNAVAILABLE', 'The orders service is unavailable. Try again shortly.')
          : json(200, cartOf(TEE)),
    });
    renderStore('/cart');

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The orders service is unavailable. Try again shortly.');
    expect(alert.textContent).toContain('Request ID: req-service_unavailable');
    await user.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('heading', { name: 'Organic Cotton Tee' })).toBeTruthy();
  });

  it('a refused change stays beside the cart: the reason, and the line as it was', async () => {
    const user = userEvent.setup();
    fakeApi({
      ...signedInRoutes(),
      'GET /api/v1/cart': () => json(200, cartOf(TEE)),
      [`PUT /api/v1/cart/items/${TEE.productId}`]: () =>
        problem(409, 'INSUFFICIENT_STOCK', 'Only 3 units of APP-001-1 are available.'),
    });
    renderStore('/cart');

    const quantity = await screen.findByLabelText<HTMLInputElement>('Quantity of Organic Cotton Tee');
    await user.clear(quantity);
    await user.type(quantity, '9');
    await user.click(screen.getByRole('button', { name: 'Update' }));

    expect((await screen.findByRole('alert')).textContent).toContain(
      'Only 3 units of APP-001-1 are available.',
    );
    expect(screen.getByText(/Total:/).textContent).toBe('Total: €48.00');
  });

  it('a signed-out visitor is sent to sign in, and back to the cart after', async () => {
    signedOut();
    const api = fakeApi({});
    renderStore('/cart');

    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeTruthy();
    expect(screen.getByTestId('location').textContent).toBe('/sign-in?next=%2Fcart');
    expect(api.sent('GET', '/api/v1/cart')).toEqual([]);
  });
});

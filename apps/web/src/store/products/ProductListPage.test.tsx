import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeApi, json, problem, signedOut } from '../../test/fake-api';
import { renderStore } from '../../test/render';
import type { Product } from './product-query';

const CATEGORIES = [
  { slug: 'apparel', name: 'Apparel' },
  { slug: 'books', name: 'Books' },
];

const productIn = (slug: string, name: string): Product => ({
  id: `0190a000-0000-7000-8000-${String(name.length).padStart(12, '0')}`,
  sku: 'SKU-1',
  name,
  description: '',
  price: { amountMinor: 1999, currency: 'EUR' },
  category: CATEGORIES.find((c) => c.slug === slug)!,
  createdAt: '2026-11-30T10:00:00.000Z',
  updatedAt: '2026-11-30T10:00:00.000Z',
  availability: { status: 'in_stock' },
});

describe('ProductListPage', () => {
  it('filters by a category from GET /categories: the URL and the product request carry its slug', async () => {
    signedOut();
    const user = userEvent.setup();
    const api = fakeApi({
      'GET /api/v1/categories': () => json(200, { items: CATEGORIES }),
      'GET /api/v1/products': ({ query }) =>
        json(200, {
          items:
            query.get('category') === 'books'
              ? [productIn('books', 'Dune')]
              : [productIn('apparel', 'Tee'), productIn('books', 'Dune')],
          nextCursor: null,
        }),
    });
    renderStore('/');

    expect(await screen.findByRole('link', { name: 'Tee' })).toBeTruthy();
    const filter = screen.getByLabelText<HTMLSelectElement>('Category');
    await waitFor(() => expect(filter.disabled).toBe(false));
    await user.selectOptions(filter, 'books');

    await waitFor(() => expect(screen.queryByRole('link', { name: 'Tee' })).toBeNull());
    expect(screen.getByRole('link', { name: 'Dune' })).toBeTruthy();
    expect(screen.getByTestId('location').textContent).toBe('/?category=books');
    expect(api.sent('GET', '/api/v1/products').at(-1)?.query.get('category')).toBe('books');
    expect(screen.getByText('1 product shown')).toBeTruthy();
  });

  it('still lists the products, unfiltered, when the categories cannot be loaded', async () => {
    signedOut();
    fakeApi({
      'GET /api/v1/categories': () => problem(503, 'SERVICE_UNAVAILABLE', 'The catalog is unavailable.'),
      'GET /api/v1/products': () => json(200, { items: [productIn('apparel', 'Tee')], nextCursor: null }),
    });
    renderStore('/');

    expect(await screen.findByRole('link', { name: 'Tee' })).toBeTruthy();
    expect(await screen.findByText('Categories could not be loaded.')).toBeTruthy();
    expect(screen.getByLabelText<HTMLSelectElement>('Category').disabled).toBe(true);
  });
});

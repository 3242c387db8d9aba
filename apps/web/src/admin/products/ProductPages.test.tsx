import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router';
import { beforeEach, describe, expect, it } from 'vitest';
import { type FakeApi, fakeApi, json, problem } from '../../test/fake-api';
import { renderPage } from '../../test/render';
import { EditProductPage } from './EditProductPage';
import { NewProductPage } from './NewProductPage';
import type { Product } from './product-queries';

const TOTE: Product = {
  id: '3f2a1b0c-0000-4000-8000-000000000001',
  sku: 'APP-900-1',
  name: 'Waxed Canvas Tote',
  description: 'Water-resistant waxed cotton.',
  price: { amountMinor: 5900, currency: 'EUR' },
  category: { slug: 'apparel', name: 'Apparel' },
  createdAt: '2026-11-30T10:00:00.000Z',
  updatedAt: '2026-11-30T10:00:00.000Z',
  availability: { status: 'out', available: 0 },
};

function descriptionOf(control: HTMLElement): string {
  const ids = control.getAttribute('aria-describedby')?.split(' ') ?? [];
  return ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
}

async function fillNewProduct(price: string): Promise<void> {
  await userEvent.type(screen.getByLabelText('SKU'), 'app-900-1');
  await userEvent.type(screen.getByLabelText('Name'), 'Waxed Canvas Tote');
  await userEvent.type(screen.getByLabelText('Description'), 'Water-resistant waxed cotton.');
  await userEvent.type(screen.getByLabelText('Price'), price);
  await userEvent.type(screen.getByLabelText('Category'), 'apparel');
  await userEvent.click(screen.getByRole('button', { name: 'Create product' }));
}

const renderNew = () =>
  renderPage(
    <Routes>
      <Route path="/admin/products/new" element={<NewProductPage />} />
      <Route path="/admin/products/:id" element={<EditProductPage />} />
    </Routes>,
    '/admin/products/new',
  );

describe('the product pages', () => {
  let gateway: FakeApi;

  beforeEach(() => {
    gateway = fakeApi();
  });

  it('creates a product with an Idempotency-Key, its price in minor units, then opens it', async () => {
    gateway
      .on('POST /api/v1/products', () => json(201, TOTE))
      .on('GET /api/v1/products/:id', () => json(200, TOTE));
    renderNew();

    await fillNewProduct('59.00');

    await screen.findByRole('heading', { level: 1, name: 'Waxed Canvas Tote' });
    const [created] = gateway.sent('POST', '/api/v1/products');
    expect(created.body).toEqual({
      sku: 'APP-900-1',
      name: 'Waxed Canvas Tote',
      description: 'Water-resistant waxed cotton.',
      priceMinor: 5900,
      currency: 'EUR',
      category: 'apparel',
    });
    expect(created.headers.get('Idempotency-Key')).toBeTruthy();
    expect(screen.getByRole('status').textContent).toBe('Product created.');
  });

  it('puts a taken SKU beside the SKU field and the gateway’s price error beside the price', async () => {
    gateway.on('POST /api/v1/products', () =>
      problem(409, 'PRODUCT_SKU_TAKEN', 'A product with SKU APP-900-1 exists.', { requestId: 'req-sku' }),
    );
    renderNew();
    await fillNewProduct('59');
    await screen.findByText('A product with SKU APP-900-1 exists.');
    expect(descriptionOf(screen.getByLabelText('SKU'))).toContain('A product with SKU APP-900-1 exists.');
    expect(screen.queryByRole('alert')).toBeNull();

    gateway.on('POST /api/v1/products', () =>
      problem(400, 'VALIDATION_FAILED', 'Invalid value for: priceMinor', {
        errors: [{ field: 'priceMinor', messages: ['priceMinor must not be greater than 100000000'] }],
      }),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Create product' }));
    await screen.findByText('priceMinor must not be greater than 100000000');
    expect(descriptionOf(screen.getByLabelText('Price'))).toBe(
      'priceMinor must not be greater than 100000000',
    );
  });

  it('says beside the price field when it is not a price, without sending anything', async () => {
    renderNew();
    await fillNewProduct('12.345');
    expect(descriptionOf(screen.getByLabelText('Price'))).toBe(
      'Enter a price such as 19.90, with at most the decimals EUR has.',
    );
    expect(gateway.requests).toHaveLength(0);
  });

  it('edits a product with PATCH (never its SKU) and announces the save', async () => {
    gateway
      .on('GET /api/v1/products/:id', () => json(200, TOTE))
      .on('PATCH /api/v1/products/:id', (request) =>
        json(200, { ...TOTE, ...(request.body as object), updatedAt: '2026-11-30T11:00:00.000Z' }),
      );
    renderPage(
      <Routes>
        <Route path="/admin/products/:id" element={<EditProductPage />} />
      </Routes>,
      `/admin/products/${TOTE.id}`,
    );
    const name = await screen.findByLabelText('Name');
    await userEvent.clear(name);
    await userEvent.type(name, 'Waxed Canvas Tote, large');
    await userEvent.click(screen.getByRole('button', { name: 'Save changes' }));

    expect((await screen.findByText('Saved Waxed Canvas Tote, large.')).getAttribute('role')).toBe('status');
    expect(gateway.sent('PATCH', `/api/v1/products/${TOTE.id}`)[0].body).toEqual({
      name: 'Waxed Canvas Tote, large',
      description: 'Water-resistant waxed cotton.',
      priceMinor: 5900,
      currency: 'EUR',
      category: 'apparel',
    });
  });
});

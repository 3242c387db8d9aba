import { randomUUID } from 'node:crypto';
import { CART_LIMITS, ProductView } from '@bazaar/contracts';
import { DomainError } from '@bazaar/platform';
import { availabilityOf, cartViewOf, planPut, StoredLine } from './cart.rules';

const product = (currency = 'EUR', amountMinor = 1_250): ProductView => ({
  id: randomUUID(),
  sku: `SKU-${randomUUID().slice(0, 8).toUpperCase()}`,
  name: 'A product',
  description: '',
  price: { amountMinor, currency },
  category: { slug: 'apparel', name: 'Apparel' },
  createdAt: '2026-11-30T00:00:00.000Z',
  updatedAt: '2026-11-30T00:00:00.000Z',
});

const linesOf = (count: number, currency = 'EUR'): StoredLine[] =>
  Array.from({ length: count }, () => ({ productId: randomUUID(), currency }));

const refusal = (run: () => unknown): string | undefined => {
  try {
    run();
    return undefined;
  } catch (error) {
    return error instanceof DomainError ? error.code : 'not a DomainError';
  }
};

describe('planPut', () => {
  it('sets a new line, and changes an existing one, in the product’s currency at its price now', () => {
    const tee = product();
    const set = { kind: 'set', productId: tee.id, currency: 'EUR', unitPrice: 1_250 };
    expect(planPut([], tee, 3)).toEqual({ ...set, quantity: 3 });
    const lines = [...linesOf(2), { productId: tee.id, currency: 'EUR' }];
    expect(planPut(lines, tee, 7)).toEqual({ ...set, quantity: 7 });
  });

  it('removes the line on 0, whatever the cart holds', () => {
    const tee = product('USD');
    expect(planPut(linesOf(CART_LIMITS.linesMax), tee, 0)).toEqual({ kind: 'remove', productId: tee.id });
  });

  it('refuses a product in another currency than the other lines', () => {
    expect(refusal(() => planPut(linesOf(1, 'EUR'), product('USD'), 1))).toBe('CART_CURRENCY_MISMATCH');
  });

  it("lets the only line change currency: no other line's currency is in the way", () => {
    const tee = product('USD');
    expect(planPut([{ productId: tee.id, currency: 'EUR' }], tee, 2)).toMatchObject({ currency: 'USD' });
  });

  it('refuses a new line past the limit, but still changes the lines already there', () => {
    const full = linesOf(CART_LIMITS.linesMax);
    expect(refusal(() => planPut(full, product(), 1))).toBe('CART_FULL');
    const inCart = { ...product(), id: full[0].productId };
    expect(planPut(full, inCart, CART_LIMITS.quantityMax)).toMatchObject({ kind: 'set' });
    expect(refusal(() => planPut(linesOf(CART_LIMITS.linesMax - 1), product(), 1))).toBeUndefined();
  });
});

describe('availabilityOf', () => {
  it.each([
    [undefined, 'unknown'],
    [0, 'out'],
    [-2, 'out'],
    [1, 'low'],
    [5, 'low'],
    [6, 'in_stock'],
  ])('%p units available → %s', (available, status) => {
    expect(availabilityOf(available)).toEqual({ status });
  });
});

describe('cartViewOf', () => {
  it('is empty with a null total when there are no lines', () => {
    expect(cartViewOf([])).toEqual({ lines: [], itemCount: 0, total: null });
  });

  it('prices each line and sums the total in the one currency', () => {
    const [a, b] = [product('EUR', 1_250), product('EUR', 999)];
    const view = cartViewOf([
      { product: a, quantity: 2, availability: { status: 'in_stock' } },
      { product: b, quantity: 3, availability: { status: 'unknown' } },
    ]);
    expect(view.lines).toEqual([
      {
        productId: a.id,
        sku: a.sku,
        name: a.name,
        unitPrice: { amountMinor: 1_250, currency: 'EUR' },
        quantity: 2,
        lineTotal: { amountMinor: 2_500, currency: 'EUR' },
        availability: { status: 'in_stock' },
      },
      expect.objectContaining({ productId: b.id, lineTotal: { amountMinor: 2_997, currency: 'EUR' } }),
    ]);
    expect(view.itemCount).toBe(5);
    expect(view.total).toEqual({ amountMinor: 5_497, currency: 'EUR' });
  });

  it('shows no total when catalog moved a line to another currency: never a sum of two currencies', () => {
    const view = cartViewOf([
      { product: product('EUR'), quantity: 1, availability: { status: 'low' } },
      { product: product('GBP'), quantity: 1, availability: { status: 'low' } },
    ]);
    expect(view.total).toBeNull();
    expect(view.lines).toHaveLength(2);
  });
});

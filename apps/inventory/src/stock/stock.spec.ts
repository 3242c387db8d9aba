import { refusal } from '../../../../test/support/refusal';
import { nextOnHand, StockChange, toStockLevel } from './stock.service';

describe('nextOnHand', () => {
  const current = { sku: 'A-1', onHand: 10, reserved: 4 };
  const set = (setOnHand?: number): StockChange => ({ sku: 'A-1', change: 'setOnHand', setOnHand });
  const add = (amount?: number): StockChange => ({ sku: 'A-1', change: 'add', add: amount });

  it('sets the count, or adds to it', () => {
    expect(nextOnHand(current, set(7))).toBe(7);
    expect(nextOnHand(current, add(5))).toBe(15);
    expect(nextOnHand(current, add(-6))).toBe(4);
  });

  it('reads a oneof member left unset as 0, as proto3 does', () => {
    expect(nextOnHand({ ...current, reserved: 0 }, set())).toBe(0);
    expect(nextOnHand(current, add())).toBe(10);
  });

  it('refuses a count below zero as invalid input', () => {
    expect(refusal(() => nextOnHand(current, add(-11)))).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { fields: [{ field: 'add', messages: ['on hand cannot go below zero'] }] },
    });
  });

  it('refuses a count below what is reserved, naming the reserved amount', () => {
    const error = refusal(() => nextOnHand(current, set(3)));
    expect(error).toMatchObject({
      code: 'INSUFFICIENT_STOCK',
      message: 'On hand of A-1 cannot go below the 4 reserved.',
      details: { lines: [{ sku: 'A-1', requested: 4, available: 0 }] },
    });
  });
});

describe('toStockLevel', () => {
  it('shows what can still be reserved', () => {
    expect(toStockLevel({ sku: 'A-1', onHand: 10, reserved: 4 })).toEqual({
      sku: 'A-1',
      onHand: 10,
      reserved: 4,
      available: 6,
    });
  });
});

import { refusal } from '../../../../test/support/refusal';
import { insufficientStock, unknownSkus } from './reservations.errors';
import { linesInLockOrder, unchangedOutcome } from './reservations.service';

describe('linesInLockOrder', () => {
  it('sorts the lines by SKU and keeps only SKU and quantity', () => {
    const lines = [
      { sku: 'B-1', quantity: 1, note: 'extra' },
      { sku: 'A-10', quantity: 2 },
      { sku: 'A-2', quantity: 3 },
    ];
    expect(linesInLockOrder(lines)).toEqual([
      { sku: 'A-10', quantity: 2 },
      { sku: 'A-2', quantity: 3 },
      { sku: 'B-1', quantity: 1 },
    ]);
    expect(lines[0].sku).toBe('B-1');
  });

  it('refuses a SKU on two lines as invalid input', () => {
    const lines = [
      { sku: 'A-1', quantity: 1 },
      { sku: 'A-1', quantity: 2 },
    ];
    expect(refusal(() => linesInLockOrder(lines))).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { fields: [{ field: 'lines', messages: ['each sku may appear on one line only'] }] },
    });
  });
});

describe('unchangedOutcome', () => {
  const id = '0190f5d2-6c1e-7cc4-9b3e-2b7b7c1f0a11';

  it.each([
    ['RELEASED', 'RELEASED'],
    ['RELEASED', 'EXPIRED'],
    ['COMMITTED', 'COMMITTED'],
  ] as const)('closing as %s a reservation already %s changes nothing', (target, status) => {
    expect(unchangedOutcome(id, status, target)).toEqual({ reservationId: id, status, changed: false });
  });

  it.each([
    ['RELEASED', 'COMMITTED', 'committed: it cannot be released'],
    ['COMMITTED', 'RELEASED', 'released: it cannot be committed'],
    ['COMMITTED', 'EXPIRED', 'expired: it cannot be committed'],
  ] as const)('closing as %s a reservation already %s is refused', (target, status, says) => {
    expect(refusal(() => unchangedOutcome(id, status, target))).toMatchObject({
      code: 'RESERVATION_CLOSED',
      message: `Reservation ${id} is ${says}.`,
      details: { reservationId: id, status },
    });
  });
});

describe('reservation refusals', () => {
  it('name every short line with what was asked and what is available', () => {
    expect(
      insufficientStock([
        { sku: 'A-1', requested: 3, available: 1 },
        { sku: 'B-2', requested: 2, available: 0 },
      ]).message,
    ).toBe('Not enough stock for A-1 (asked 3, available 1), B-2 (asked 2, available 0).');
  });

  it('name every unknown SKU', () => {
    expect(unknownSkus(['A-1', 'B-2'])).toMatchObject({
      code: 'SKU_NOT_FOUND',
      message: 'No stock for A-1, B-2.',
      details: { skus: ['A-1', 'B-2'] },
    });
  });
});

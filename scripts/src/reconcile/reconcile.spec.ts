import { ChargeFact, OrderFact, reconcile, ReconcileFacts, ReservationFact } from './reconcile';

const NOW = new Date('2026-01-01T12:00:00Z');
const LINES = [{ sku: 'MUG-1', quantity: 2 }];

const order = (id: string, status: string, overrides: Partial<OrderFact> = {}): OrderFact => ({
  id,
  status,
  total: 2_000,
  currency: 'EUR',
  updatedAt: new Date(NOW.getTime() - 60_000),
  lines: LINES,
  ...overrides,
});
const reservation = (orderId: string, status: string, lines = LINES): ReservationFact => ({
  id: `r-${orderId}`,
  orderId,
  status,
  lines,
});
const charge = (reference: string, status: string, captured = 0, refunded = 0): ChargeFact => ({
  id: `a-${reference}-${status}-${captured}`,
  reference,
  status,
  amount: 2_000,
  currency: 'EUR',
  capturedAmount: captured,
  refundedAmount: refunded,
});
const facts = (overrides: Partial<ReconcileFacts>): ReconcileFacts => ({
  orders: [],
  reservations: [],
  stock: [],
  charges: [],
  ...overrides,
});
const findingsOf = (input: ReconcileFacts, graceMs = 5_000) =>
  reconcile(input, NOW, graceMs).findings.map(({ kind, subject }) => `${kind}:${subject}`);

describe('reconcile', () => {
  it('finds nothing wrong in orders that each left the records their status implies', () => {
    const report = reconcile(
      facts({
        orders: [order('c', 'CONFIRMED'), order('x', 'CANCELLED'), order('r', 'REJECTED')],
        reservations: [reservation('c', 'COMMITTED'), reservation('x', 'RELEASED')],
        charges: [charge('c', 'captured', 2_000), charge('x', 'voided')],
        stock: [{ sku: 'MUG-1', onHand: 10, reserved: 0 }],
      }),
      NOW,
      5_000,
    );
    expect(report).toEqual({
      statuses: { CONFIRMED: 1, CANCELLED: 1, REJECTED: 1 },
      inFlight: 0,
      findings: [],
    });
  });

  it.each([
    ['no captured charge', [], [reservation('o', 'COMMITTED')]],
    ['a capture of another amount', [charge('o', 'captured', 1_999)], [reservation('o', 'COMMITTED')]],
    [
      'two captured charges',
      [charge('o', 'captured', 2_000), charge('o', 'captured', 2_000)],
      [reservation('o', 'COMMITTED')],
    ],
    ['no committed reservation', [charge('o', 'captured', 2_000)], [reservation('o', 'RESERVED')]],
    [
      'a reservation of other lines',
      [charge('o', 'captured', 2_000)],
      [reservation('o', 'COMMITTED', [{ sku: 'MUG-1', quantity: 1 }])],
    ],
  ])('refuses a CONFIRMED order with %s', (_, charges, reservations) => {
    expect(
      findingsOf(facts({ orders: [order('o', 'CONFIRMED')], charges, reservations })).length,
    ).toBeGreaterThan(0);
  });

  it('expects a REFUNDED order captured once and refunded in full, its stock still sold', () => {
    const refunded = [order('o', 'REFUNDED')];
    const sold = [reservation('o', 'COMMITTED')];
    const charged = (refundedAmount: number) => [charge('o', 'captured', 2_000, refundedAmount)];
    expect(findingsOf(facts({ orders: refunded, reservations: sold, charges: charged(2_000) }))).toEqual([]);
    expect(findingsOf(facts({ orders: refunded, reservations: sold, charges: charged(500) }))).toEqual([
      'charge:o',
    ]);
    const confirmed = [order('o', 'CONFIRMED')];
    expect(findingsOf(facts({ orders: confirmed, reservations: sold, charges: charged(2_000) }))).toEqual([
      'charge:o',
    ]);
  });

  it.each(['CANCELLED', 'REJECTED'])('refuses a %s order that kept money or stock', (status) => {
    const unsold = [order('o', status)];
    expect(findingsOf(facts({ orders: unsold, charges: [charge('o', 'captured', 2_000)] }))).toEqual([
      'charge:o',
    ]);
    expect(findingsOf(facts({ orders: unsold, charges: [charge('o', 'authorized')] }))).toEqual(['charge:o']);
    expect(findingsOf(facts({ orders: unsold, reservations: [reservation('o', 'RESERVED')] }))).toEqual([
      'reservation:o',
    ]);
    expect(findingsOf(facts({ orders: unsold, reservations: [reservation('o', 'COMMITTED')] }))).toEqual([
      'reservation:o',
    ]);
    // Refunded in full: the money went back.
    expect(findingsOf(facts({ orders: unsold, charges: [charge('o', 'captured', 2_000, 2_000)] }))).toEqual(
      [],
    );
  });

  it('counts an unfinished order as in flight within the grace period, as stuck after it', () => {
    const young = order('y', 'STOCK_RESERVED', { updatedAt: new Date(NOW.getTime() - 1_000) });
    const old = order('o', 'PAYMENT_AUTHORIZED', { updatedAt: new Date(NOW.getTime() - 10_000) });
    const report = reconcile(facts({ orders: [young, old] }), NOW, 5_000);
    expect(report.inFlight).toBe(1);
    expect(report.findings.map((f) => `${f.kind}:${f.subject}`)).toEqual(['stuck:o']);
  });

  it('reports a parked order for an admin', () => {
    expect(findingsOf(facts({ orders: [order('p', 'COMPENSATION_FAILED')] }))).toEqual(['parked:p']);
  });

  it('checks that each SKU reserves exactly what its held reservations hold, never above what is on hand', () => {
    const reservations = [
      reservation('a', 'RESERVED'),
      reservation('b', 'RESERVED'),
      reservation('c', 'RELEASED'),
    ];
    expect(findingsOf(facts({ reservations, stock: [{ sku: 'MUG-1', onHand: 9, reserved: 4 }] }))).toEqual(
      [],
    );
    expect(findingsOf(facts({ reservations, stock: [{ sku: 'MUG-1', onHand: 9, reserved: 6 }] }))).toEqual([
      'stock:MUG-1',
    ]);
    expect(findingsOf(facts({ reservations, stock: [{ sku: 'MUG-1', onHand: 3, reserved: 4 }] }))).toEqual([
      'stock:MUG-1',
    ]);
  });
});

import { ORDER_STATUSES, OrderStatus } from '@bazaar/contracts';
import { isTerminal, needsWork, next, SAGA_EVENTS, SagaEvent } from './order-state-machine';

// The whole table, written out: every status (row) × every event (column) → the next status, or `-` for a refusal.
// Read a row to know what an order in that status accepts; a new status or event fails the completeness test below.
const EVENTS: SagaEvent[] = [
  'stockReserved',
  'outOfStock',
  'stockUnavailable',
  'paymentAuthorized',
  'paymentDeclined',
  'paymentUnavailable',
  'confirmed',
  'confirmationFailed',
  'cancelRequested',
  'compensationDone',
  'compensationExhausted',
  'compensationRetried',
  'refunded',
];
const P = 'PENDING';
const SR = 'STOCK_RESERVED';
const PA = 'PAYMENT_AUTHORIZED';
const OK = 'CONFIRMED';
const RJ = 'REJECTED';
const CG = 'CANCELLING';
const CD = 'CANCELLED';
const CF = 'COMPENSATION_FAILED';
const RG = 'REFUNDING';
const RD = 'REFUNDED';
const _ = '-';
type Cell = OrderStatus | typeof _;

// prettier-ignore
const TABLE: Record<OrderStatus, Cell[]> = {
  //                  stockRes outOfSt stockUn payAuth payDecl payUnav confirm confFail cancelReq compDone compExh compRetry refunded
  PENDING:            [SR,     RJ,     CG,     _,      _,      _,      _,      _,       CG,       _,       _,      _,        _],
  STOCK_RESERVED:     [_,      _,      _,      PA,     CG,     CG,     _,      _,       CG,       _,       _,      _,        _],
  PAYMENT_AUTHORIZED: [_,      _,      _,      _,      _,      _,      OK,     CG,      CG,       _,       _,      _,        _],
  CONFIRMED:          [_,      _,      _,      _,      _,      _,      _,      _,       RG,       _,       _,      _,        _],
  REJECTED:           [_,      _,      _,      _,      _,      _,      _,      _,       _,        _,       _,      _,        _],
  CANCELLING:         [_,      _,      _,      _,      _,      _,      _,      _,       _,        CD,      CF,     _,        _],
  CANCELLED:          [_,      _,      _,      _,      _,      _,      _,      _,       _,        _,       _,      _,        _],
  COMPENSATION_FAILED:[_,      _,      _,      _,      _,      _,      _,      _,       _,        _,       _,      CG,       _],
  REFUNDING:          [_,      _,      _,      _,      _,      _,      _,      _,       _,        _,       CF,     _,        RD],
  REFUNDED:           [_,      _,      _,      _,      _,      _,      _,      _,       _,        _,       _,      _,        _],
};

const cases = ORDER_STATUSES.flatMap((status) =>
  EVENTS.map((event, column) => [status, event, TABLE[status][column]] as const),
);

describe('the order saga state machine', () => {
  it('the table covers every status and every event', () => {
    expect(Object.keys(TABLE).sort()).toEqual([...ORDER_STATUSES].sort());
    expect([...EVENTS].sort()).toEqual([...SAGA_EVENTS].sort());
    for (const row of Object.values(TABLE)) expect(row).toHaveLength(EVENTS.length);
  });

  it.each(cases)('%s + %s → %s', (status, event, expected) => {
    const decision = next(status, event);
    if (expected === _) {
      expect(decision).toEqual({ allowed: false, from: status, reason: expect.any(String) });
    } else {
      expect(decision).toEqual({ allowed: true, from: status, to: expected });
    }
  });

  it('says why a late event is refused after the saga ended', () => {
    expect(next('CANCELLED', 'paymentAuthorized')).toMatchObject({
      allowed: false,
      reason: 'the order is CANCELLED: its saga is over',
    });
    expect(next('STOCK_RESERVED', 'stockReserved')).toMatchObject({
      allowed: false,
      reason: 'stockReserved does not apply to an order that is STOCK_RESERVED',
    });
  });

  it.each([
    [P, false, true],
    [SR, false, true],
    [PA, false, true],
    [CG, false, true],
    [OK, true, false],
    [RJ, true, false],
    [CD, true, false],
    [CF, false, false],
    [RG, false, true],
    [RD, true, false],
  ] as const)('%s: terminal %s, claimed by a resumer %s', (status, terminal, work) => {
    expect(isTerminal(status)).toBe(terminal);
    expect(needsWork(status)).toBe(work);
  });
});

/**
 * The cross-service invariants of checkout, checked from what each party recorded: orders (the orders), inventory
 * (reservations and stock) and the payment provider (its ledger). Pure: `reconcile-facts.ts` gathers the facts.
 */

export interface LineFact {
  sku: string;
  quantity: number;
}

export interface OrderFact {
  id: string;
  status: string;
  total: number;
  currency: string;
  updatedAt: Date;
  lines: LineFact[];
}

/** A reservation at inventory: RESERVED (held), RELEASED, COMMITTED (sold) or EXPIRED. */
export interface ReservationFact {
  id: string;
  orderId: string;
  status: string;
  lines: LineFact[];
}

export interface StockFact {
  sku: string;
  onHand: number;
  reserved: number;
}

/** One authorization on the provider's ledger, referenced by the order id (`authorized`, `captured`, `voided`). */
export interface ChargeFact {
  id: string;
  reference: string | null;
  status: string;
  amount: number;
  currency: string;
  capturedAmount: number;
  refundedAmount: number;
}

export interface ReconcileFacts {
  orders: OrderFact[];
  reservations: ReservationFact[];
  stock: StockFact[];
  charges: ChargeFact[];
}

export interface Finding {
  /** What is wrong, in a word: `stuck`, `parked`, `charge`, `reservation`, `stock`. */
  kind: string;
  /** The order or SKU it is about. */
  subject: string;
  message: string;
}

export interface ReconcileReport {
  /** Orders by status. */
  statuses: Record<string, number>;
  /** Orders not finished yet and still within the grace period: not checked. */
  inFlight: number;
  findings: Finding[];
}

/** Statuses an order rests in: nothing more will happen to it without a person. */
const SETTLED = new Set(['CONFIRMED', 'REJECTED', 'CANCELLED', 'REFUNDED', 'COMPENSATION_FAILED']);
/** Settled without a sale: no money taken, no stock held or sold. */
const UNSOLD = new Set(['REJECTED', 'CANCELLED']);

/**
 * Every order settled (or younger than `graceMs`); CONFIRMED ⇔ exactly one captured charge of its total on the
 * ledger and its reservation committed with its lines; REFUNDED: the same, refunded in full (the stock stays
 * sold); REJECTED and CANCELLED ⇒ no captured charge, no held authorization, no held or committed reservation; no
 * order charged twice; each SKU's reserved count is the sum of
 * the reservations that hold it, and never above what is on hand.
 */
export function reconcile(facts: ReconcileFacts, now: Date, graceMs: number): ReconcileReport {
  const findings: Finding[] = [];
  const statuses: Record<string, number> = {};
  let inFlight = 0;
  const chargesOf = groupBy(facts.charges, (charge) => charge.reference ?? '');
  const reservationsOf = groupBy(facts.reservations, (reservation) => reservation.orderId);

  for (const order of facts.orders) {
    statuses[order.status] = (statuses[order.status] ?? 0) + 1;
    const say = (kind: string, message: string) => findings.push({ kind, subject: order.id, message });
    const charges = chargesOf.get(order.id) ?? [];
    const captured = charges.filter((charge) => charge.capturedAmount > 0);
    if (captured.length > 1) say('charge', `charged ${captured.length} times`);

    if (!SETTLED.has(order.status)) {
      const idleMs = now.getTime() - order.updatedAt.getTime();
      if (idleMs <= graceMs) inFlight += 1;
      else say('stuck', `${order.status} for ${Math.round(idleMs / 1000)} s`);
      continue;
    }
    if (order.status === 'COMPENSATION_FAILED') {
      say('parked', 'COMPENSATION_FAILED: its compensations need an admin');
      continue;
    }
    const reservations = reservationsOf.get(order.id) ?? [];
    const held = reservations.filter((reservation) => reservation.status === 'RESERVED');
    const committed = reservations.filter((reservation) => reservation.status === 'COMMITTED');
    const authorized = charges.filter((charge) => charge.status === 'authorized');

    if (order.status === 'CONFIRMED' || order.status === 'REFUNDED') {
      if (captured.length === 0) say('charge', `${order.status} without a captured charge`);
      for (const charge of captured) {
        if (charge.capturedAmount !== order.total || charge.currency !== order.currency) {
          say(
            'charge',
            `captured ${charge.capturedAmount} ${charge.currency}, the order is ${order.total} ${order.currency}`,
          );
        }
        const refunded = order.status === 'REFUNDED' ? order.total : 0;
        if (charge.refundedAmount !== refunded) {
          say('charge', `${order.status} with ${charge.refundedAmount} refunded, ${refunded} expected`);
        }
      }
      if (committed.length !== 1)
        say('reservation', `${order.status} with ${committed.length} committed reservations`);
      else if (!sameLines(committed[0].lines, order.lines)) {
        say('reservation', 'the committed reservation does not hold the order lines');
      }
    }
    if (UNSOLD.has(order.status)) {
      const kept = captured.filter((charge) => charge.capturedAmount > charge.refundedAmount);
      if (kept.length > 0) say('charge', `${order.status} with a captured charge`);
      if (committed.length > 0) say('reservation', `${order.status} with a committed reservation`);
    }
    if (authorized.length > 0) say('charge', `${order.status} with an authorization still held`);
    if (held.length > 0) say('reservation', `${order.status} with a reservation still held`);
  }

  const heldBySku = new Map<string, number>();
  for (const reservation of facts.reservations) {
    if (reservation.status !== 'RESERVED') continue;
    for (const line of reservation.lines) {
      heldBySku.set(line.sku, (heldBySku.get(line.sku) ?? 0) + line.quantity);
    }
  }
  for (const stock of facts.stock) {
    const held = heldBySku.get(stock.sku) ?? 0;
    const say = (message: string) => findings.push({ kind: 'stock', subject: stock.sku, message });
    if (stock.reserved !== held) say(`reserved ${stock.reserved}, held by reservations ${held}`);
    if (stock.reserved < 0 || stock.reserved > stock.onHand) {
      say(`reserved ${stock.reserved} of ${stock.onHand} on hand`);
    }
  }
  return { statuses, inFlight, findings };
}

function groupBy<T>(items: T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  return groups;
}

function sameLines(a: LineFact[], b: LineFact[]): boolean {
  const totals = (lines: LineFact[]) => {
    const bySku = new Map<string, number>();
    for (const line of lines) bySku.set(line.sku, (bySku.get(line.sku) ?? 0) + line.quantity);
    return [...bySku.entries()].sort(([x], [y]) => x.localeCompare(y)).join(';');
  };
  return totals(a) === totals(b);
}

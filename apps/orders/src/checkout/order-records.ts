import type { QueryResultRow } from 'pg';
import { OrderStatus } from '@bazaar/contracts';
import { SagaStepName, StepKind } from './saga-steps';

/** A shipping address as the shopper gave it (validated at the edge); kept as JSON. */
export type ShippingAddress = Readonly<Record<string, string>>;

export interface OrderLineRecord {
  productId: string;
  sku: string;
  name: string;
  /** Minor units, at checkout. */
  unitPrice: number;
  quantity: number;
  /** Ordered from the cart: the price when the line was put there (minor units); null for explicit lines. */
  cartUnitPrice: number | null;
}

/** A line to place: its cart price only when it came from the cart. */
export type NewOrderLine = Omit<OrderLineRecord, 'cartUnitPrice'> & { cartUnitPrice?: number | null };

/** An order with its saga's bookkeeping, as the table keeps it. */
export interface OrderRecord {
  id: string;
  userId: string;
  status: OrderStatus;
  currency: string;
  /** Minor units: the sum of the lines. */
  total: number;
  shippingAddress: ShippingAddress;
  cardToken: string;
  idempotencyKey: string;
  requestHash: string;
  paymentDeadline: Date | null;
  reservationExpiresAt: Date | null;
  nextRunAt: Date | null;
  leaseOwner: string | null;
  leaseUntil: Date | null;
  version: number;
  claims: number;
  stepAttempts: number;
  createdAt: Date;
  updatedAt: Date;
  lines: OrderLineRecord[];
}

/**
 * The right to write a saga: who holds it and the fencing version it was granted at. Every write takes it and is
 * refused when the order's version or lease owner moved on (another instance claimed the saga since).
 */
export interface SagaLease {
  orderId: string;
  owner: string;
  version: number;
}

/** A saga a resumer claimed: the order as it is, and the lease to write it with. */
export interface ClaimedSaga {
  order: OrderRecord;
  lease: SagaLease;
}

/** One step-log entry to write; its attempt number is counted by the repository. */
export interface StepEntry {
  step: SagaStepName;
  kind: StepKind;
  outcome: 'succeeded' | 'failed';
  /** Why: a decline code, an error message, a refusal (cut to 500 characters). */
  detail?: string;
}

export interface StepRecord {
  id: string;
  step: SagaStepName;
  kind: StepKind;
  outcome: 'planned' | 'succeeded' | 'failed';
  attempt: number;
  detail: string | null;
  /** The order's status once the entry was written. */
  status: OrderStatus;
  at: Date;
}

export interface NewOrder {
  userId: string;
  currency: string;
  shippingAddress: ShippingAddress;
  cardToken: string;
  idempotencyKey: string;
  /** The hash of the request the key came with (`requestHash`): the same key with another body is refused. */
  requestHash: string;
  lines: NewOrderLine[];
  /** The lines came from the user's cart: they leave it in the transaction that places the order. */
  fromCart?: boolean;
  paymentDeadline?: Date;
  reservationExpiresAt?: Date;
  /** Create the saga already leased to this instance (it runs it at once); otherwise it is due for any resumer. */
  lease?: { owner: string; leaseMs: number };
}

/** What a transition changes besides the status. */
export interface SagaChange {
  paymentDeadline?: Date;
  reservationExpiresAt?: Date;
  /** When the saga should run next (default: unchanged while it has work; none once it is over or parked). */
  nextRunAt?: Date;
  /**
   * Take the saga from whichever instance holds it (a shopper's cancel): its lease is cleared and the saga is due
   * at once for any resumer; the raised version refuses the late writes of the instance that held it.
   */
  handOver?: boolean;
}

export type TransitionResult =
  | { applied: true; order: OrderRecord; lease: SagaLease }
  | { applied: false; reason: 'not-found' | 'stale-lease' | 'illegal-transition'; detail: string };

export const ORDER_COLUMNS = `o.id, o.user_id, o.status, o.currency, o.total, o.shipping_address, o.card_token,
  o.idempotency_key, o.request_hash, o.payment_deadline, o.reservation_expires_at, o.next_run_at, o.lease_owner,
  o.lease_until, o.version, o.claims, o.step_attempts, o.created_at, o.updated_at`;

/** One line as OrderLineRecord, for a statement whose line row is `l`. */
export const LINE_JSON = `json_build_object('productId', l.product_id, 'sku', l.sku, 'name', l.name,
    'unitPrice', l.unit_price, 'quantity', l.quantity, 'cartUnitPrice', l.cart_unit_price)`;

/** The order's lines as a JSON array, for a statement whose order row is `o`. */
export const ORDER_LINES = `coalesce((SELECT json_agg(${LINE_JSON} ORDER BY l.line_no)
  FROM order_line l WHERE l.order_id = o.id), '[]') AS lines`;

export interface OrderRow extends QueryResultRow {
  id: string;
  user_id: string;
  status: OrderStatus;
  currency: string;
  total: number;
  shipping_address: ShippingAddress;
  card_token: string;
  idempotency_key: string;
  request_hash: string;
  payment_deadline: Date | null;
  reservation_expires_at: Date | null;
  next_run_at: Date | null;
  lease_owner: string | null;
  lease_until: Date | null;
  version: number;
  claims: number;
  step_attempts: number;
  created_at: Date;
  updated_at: Date;
  lines: OrderLineRecord[];
}

export function toOrder(row: OrderRow): OrderRecord {
  return {
    id: row.id,
    userId: row.user_id,
    status: row.status,
    currency: row.currency,
    total: row.total,
    shippingAddress: row.shipping_address,
    cardToken: row.card_token,
    idempotencyKey: row.idempotency_key,
    requestHash: row.request_hash,
    paymentDeadline: row.payment_deadline,
    reservationExpiresAt: row.reservation_expires_at,
    nextRunAt: row.next_run_at,
    leaseOwner: row.lease_owner,
    leaseUntil: row.lease_until,
    version: row.version,
    claims: row.claims,
    stepAttempts: row.step_attempts,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    lines: row.lines,
  };
}

export const leaseOf = (order: OrderRecord): SagaLease => ({
  orderId: order.id,
  owner: order.leaseOwner ?? '',
  version: order.version,
});

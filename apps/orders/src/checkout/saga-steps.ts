import { v5 as uuidv5 } from 'uuid';

/** The saga's steps, forward and compensating, as the step log and the step keys name them. */
export const SAGA_STEPS = {
  /** The order was written: the saga's first entry. */
  place: 'place',
  reserveStock: 'reserve-stock',
  authorizePayment: 'authorize-payment',
  capturePayment: 'capture-payment',
  commitStock: 'commit-stock',
  releaseStock: 'release-stock',
  voidPayment: 'void-payment',
  /** The shopper asked to cancel: compensate before confirmation, refund after it. */
  cancel: 'cancel',
  /** A confirmed order's captured amount given back; its key `<orderId>:refund` is the refund's idempotency key. */
  refund: 'refund',
} as const;
export type SagaStepName = (typeof SAGA_STEPS)[keyof typeof SAGA_STEPS];

export type StepKind = 'forward' | 'compensation';

/** The compensation of each forward step that leaves something to undo; planned before the step runs. */
export const COMPENSATION_OF = {
  [SAGA_STEPS.reserveStock]: SAGA_STEPS.releaseStock,
  [SAGA_STEPS.authorizePayment]: SAGA_STEPS.voidPayment,
} as const satisfies Partial<Record<SagaStepName, SagaStepName>>;

/**
 * One key per step of one order, the same on every attempt and every instance: the payment idempotency key, so a
 * step run twice (a crash between the call and the log entry) has one effect.
 */
export const stepKey = (orderId: string, step: SagaStepName): string => `${orderId}:${step}`;

// Fixed forever: changing it would give in-flight orders other reservation ids.
const RESERVATION_NAMESPACE = 'b1f6a53c-0f43-4a5e-9d55-3c1a9e7d2c10';

/**
 * The reservation id of an order: inventory takes UUIDs chosen by the caller, so it is derived (UUID v5) from the
 * reserve step's key. Reserve, release and commit all name this one id.
 */
export const reservationIdOf = (orderId: string): string =>
  uuidv5(stepKey(orderId, SAGA_STEPS.reserveStock), RESERVATION_NAMESPACE);

import { EventType } from './event-type';
import { CATALOG_EVENTS } from './catalog-events';
import { IDENTITY_EVENTS } from './identity-events';
import { PAYMENTS_EVENTS } from './payments-events';
import { ORDERS_EVENTS } from './orders-events';

/** Every event type of the platform, by wire name. */
export const EVENT_TYPES: ReadonlyMap<string, EventType> = new Map(
  [
    ...Object.values(IDENTITY_EVENTS),
    ...Object.values(CATALOG_EVENTS),
    ...Object.values(PAYMENTS_EVENTS),
    ...Object.values(ORDERS_EVENTS),
    // new:service adds the event types of a publishing service above this line.
  ].map((event) => [event.type, event]),
);

/**
 * Who consumes what. Each consuming service owns one durable queue that receives exactly these types. Both
 * producers and consumers declare this topology before they publish or consume, so an event recorded while its
 * consumer has never run yet still waits in that consumer's queue instead of being dropped as unroutable.
 */
export const EVENT_SUBSCRIPTIONS = {
  inventory: [CATALOG_EVENTS.productCreated.type],
  notifications: [
    IDENTITY_EVENTS.userRegistered.type,
    IDENTITY_EVENTS.userPasswordChanged.type,
    ORDERS_EVENTS.orderConfirmed.type,
    ORDERS_EVENTS.orderCancelled.type,
    ORDERS_EVENTS.orderRefunded.type,
  ],
} as const satisfies Record<string, readonly string[]>;

export type EventConsumerName = keyof typeof EVENT_SUBSCRIPTIONS;
export const EVENT_CONSUMERS = Object.keys(EVENT_SUBSCRIPTIONS) as EventConsumerName[];

export function isEventConsumer(service: string): service is EventConsumerName {
  return Object.prototype.hasOwnProperty.call(EVENT_SUBSCRIPTIONS, service);
}

import { EventType } from './event-type';

/** The orders service's events, recorded through its outbox as its features land. */
export const ORDERS_EVENTS: Record<string, EventType> = {};

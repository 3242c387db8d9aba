/** A delivery that exhausted its retries (or could never succeed), parked in its consumer's dead-letter queue. */
export interface DeadLetterView {
  /** The dead letter's own id on the bus (not the event id: one event may be dead-lettered more than once). */
  id: string;
  /** The consuming service whose queue it belongs to. */
  service: string;
  /** The event id and type when the body was a readable envelope. */
  eventId: string | null;
  type: string | null;
  /** Why the last attempt failed. */
  reason: string;
  attempts: number;
  deadLetteredAt: string;
  /** The message as it was received: an EventEnvelope, or whatever unreadable body arrived. */
  body: unknown;
}

export const DEAD_LETTER_LIMITS = { pageSizeMax: 100, pageSizeDefault: 50 } as const;

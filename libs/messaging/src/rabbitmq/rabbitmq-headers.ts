/** Headers the platform sets on redelivered and dead-lettered messages. */
export const BAZAAR_HEADERS = {
  /** Which delivery this is: 1 for the first, 2 after one retry... */
  attempt: 'x-bazaar-attempt',
  lastError: 'x-bazaar-last-error',
  reason: 'x-bazaar-reason',
  attempts: 'x-bazaar-attempts',
  deadLetteredAt: 'x-bazaar-dead-lettered-at',
  /** The event id of a dead letter (its own message id is the dead letter's). */
  eventId: 'x-bazaar-event-id',
} as const;

/** The body as JSON when it parses, else the raw text (so a malformed message is still dead-lettered, readably). */
export function parseBody(content: Buffer): unknown {
  const text = content.toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

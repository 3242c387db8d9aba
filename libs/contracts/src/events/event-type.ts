/** A class whose instances are an event's payload; its class-validator decorators are the payload's rules. */
export type PayloadClass<TPayload extends object> = new () => TPayload;

/** One event type: its wire name and the class that validates its payload. */
export interface EventType<TPayload extends object = object> {
  readonly type: string;
  readonly payload: PayloadClass<TPayload>;
}

export function defineEvent<TPayload extends object>(
  type: string,
  payload: PayloadClass<TPayload>,
): EventType<TPayload> {
  return { type, payload };
}

/** The payload type of an event type, for handler signatures: `EventEnvelope<PayloadOf<typeof X>>`. */
export type PayloadOf<T> = T extends EventType<infer P> ? P : never;

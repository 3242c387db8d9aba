import { DeadLetterView, EventConsumerName } from '@bazaar/contracts';

/** The dead-letter queues of the consuming services, as an operator sees them. */
export interface DeadLetterStore {
  /** Oldest first, at most `limit`. */
  list(consumer: EventConsumerName, limit: number): Promise<DeadLetterView[]>;
  /** Puts the message back on the consumer's queue as a fresh delivery; false when no such dead letter. */
  replay(consumer: EventConsumerName, id: string): Promise<boolean>;
  /** Deletes it for good; false when no such dead letter. */
  drop(consumer: EventConsumerName, id: string): Promise<boolean>;
}

import { BaseRpcContext } from '@nestjs/microservices';
import { EventDeliveryMarker } from '@bazaar/platform';

type EventContextArgs = [type: string, correlationId: string, attempt: number, maxAttempts: number];

/** What an `@EventPattern` handler can learn about the delivery: `@Ctx() context: EventContext`. */
export class EventContext extends BaseRpcContext<EventContextArgs> implements EventDeliveryMarker {
  readonly isEventDelivery = true as const;

  getPattern(): string {
    return this.args[0];
  }

  getCorrelationId(): string {
    return this.args[1];
  }

  /** 1 for the first delivery, 2 for the first retry... */
  getAttempt(): number {
    return this.args[2];
  }

  getMaxAttempts(): number {
    return this.args[3];
  }
}

import { Injectable, Logger } from '@nestjs/common';
import { DEAD_LETTER_LIMITS, DeadLetterView, EVENT_CONSUMERS, EventConsumerName } from '@bazaar/contracts';
import { DeadLetterStore, InjectDeadLetters } from '@bazaar/messaging';
import { RequestContext } from '@bazaar/platform';
import { busUnreachable, deadLetterNotFound } from './dead-letters.errors';

/**
 * Events a consumer gave up on, per consuming service. Replaying one delivers it again as new (the consumer's
 * inbox still makes its effect happen once); dropping one deletes it. Every change is logged with the admin.
 */
@Injectable()
export class DeadLettersService {
  private readonly audit = new Logger('Audit');

  constructor(@InjectDeadLetters() private readonly deadLetters: DeadLetterStore) {}

  /** Oldest first, at most `limit` per service; every consuming service's when none is named. */
  async list(service: EventConsumerName | undefined, limit?: number): Promise<{ items: DeadLetterView[] }> {
    const services = service ? [service] : EVENT_CONSUMERS;
    const perService = limit ?? DEAD_LETTER_LIMITS.pageSizeDefault;
    const pages = await this.bus(() =>
      Promise.all(services.map((consumer) => this.deadLetters.list(consumer, perService))),
    );
    return { items: pages.flat() };
  }

  async replay(service: EventConsumerName, id: string): Promise<void> {
    if (!(await this.bus(() => this.deadLetters.replay(service, id)))) throw deadLetterNotFound(service, id);
    this.audit.log({ event: 'dead-letter-replayed', service, id, by: RequestContext.caller()?.userId });
  }

  async drop(service: EventConsumerName, id: string): Promise<void> {
    if (!(await this.bus(() => this.deadLetters.drop(service, id)))) throw deadLetterNotFound(service, id);
    this.audit.log({ event: 'dead-letter-dropped', service, id, by: RequestContext.caller()?.userId });
  }

  private async bus<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      new Logger('DeadLetters').warn({ msg: 'event bus unreachable', err: error });
      throw busUnreachable();
    }
  }
}

import { Logger } from '@nestjs/common';
import { CustomTransportStrategy, MessageHandler, Server } from '@nestjs/microservices';
import { isObservable, lastValueFrom } from 'rxjs';
import { EVENT_SUBSCRIPTIONS, EventConsumerName, isEventConsumer } from '@bazaar/contracts';
import { traceCarrierOf, Tracing } from '@bazaar/observability';
import { LifecycleService, RequestContext } from '@bazaar/platform';
import { readEnvelope } from '../envelope/read-envelope';
import { MessagingConfig } from '../messaging.config';
import { EventMetrics } from '../metrics/event-metrics';
import { DeliveryRecord } from './delivery-record';
import { Disposition, reasonOf } from './disposition';
import { EventContext } from './event-context';

export interface EventServerDeps {
  service: string;
  config: MessagingConfig;
  metrics: EventMetrics;
  lifecycle: LifecycleService;
}

// Reads Nest's handler map (isEventHandler, next): docs/adr/0008-pg-boss-event-transport.md
/**
 * The part of a bus transport that is the same on every bus: which queue and event types to consume (the
 * service's `@EventPattern` handlers, checked against the contracts' topology), and what one delivery means —
 * validate, run the handler in the event's request context, and answer ack / retry / dead-letter. A subclass
 * only moves messages: it consumes its queue and applies the disposition on its broker.
 */
export abstract class EventTransportServer extends Server implements CustomTransportStrategy {
  protected readonly log: Logger;
  protected readonly service: string;

  constructor(protected readonly deps: EventServerDeps) {
    super();
    this.service = deps.service;
    this.log = new Logger(`EventBus:${this.constructor.name}`);
  }

  /** Subclasses start consuming here; called once, with the event types to receive. */
  protected abstract startConsuming(consumer: EventConsumerName, types: string[]): Promise<void>;
  protected abstract stopConsuming(): Promise<void>;

  listen(callback: (error?: unknown) => void): void {
    let types: string[];
    try {
      types = this.handledTypes();
    } catch (error) {
      callback(error);
      return;
    }
    if (types.length === 0) {
      callback();
      return;
    }
    const consumer = this.service as EventConsumerName;
    this.startConsuming(consumer, types).then(() => callback(), callback);
  }

  async close(): Promise<void> {
    await this.stopConsuming();
  }

  on(): never {
    throw new Error(`${this.constructor.name} has no events to subscribe to`);
  }

  unwrap<T>(): T {
    throw new Error(`${this.constructor.name} does not expose its broker client`);
  }

  /** Max deliveries of one event: the first plus the configured retries. */
  protected get maxAttempts(): number {
    return this.deps.config.EVENT_RETRY_LIMIT + 1;
  }

  /**
   * One delivery, start to finish. Never throws: every outcome, including a crash of the handler, becomes a
   * disposition for the broker.
   */
  protected async deliver(
    body: unknown,
    attempt: number,
    maxAttempts = this.maxAttempts,
  ): Promise<Disposition> {
    const read = readEnvelope(body);
    const type = read.envelope?.type ?? 'malformed';
    const fields = { type, eventId: read.envelope?.id, attempt };
    if (!read.ok) {
      if (read.problem === 'unknown-type' && this.deps.config.UNKNOWN_EVENT_POLICY === 'ack') {
        this.log.warn({ ...fields, msg: 'event of an unknown type acknowledged and skipped' });
        this.deps.metrics.consumed(type, 'skipped');
        return { kind: 'ack' };
      }
      this.log.error({ ...fields, reason: read.reason, msg: 'event cannot be handled: dead-lettered' });
      this.deps.metrics.consumed(type, 'dead-lettered');
      return { kind: 'dead-letter', reason: read.reason };
    }

    const { envelope } = read;
    const handler = this.getHandlerByPattern(envelope.type);
    if (!handler) {
      const reason = `${this.service} has no handler for ${envelope.type}`;
      if (this.deps.config.UNKNOWN_EVENT_POLICY === 'ack') {
        this.log.warn({ ...fields, msg: `${reason}: acknowledged and skipped` });
        this.deps.metrics.consumed(type, 'skipped');
        return { kind: 'ack' };
      }
      this.log.error({ ...fields, msg: `${reason}: dead-lettered` });
      this.deps.metrics.consumed(type, 'dead-lettered');
      return { kind: 'dead-letter', reason };
    }

    const requestId = RequestContext.acceptOrCreate(envelope.correlationId);
    // The consumer's span continues the trace the publisher's span put on the envelope.
    const span = Tracing.start(`consume ${type}`, {
      kind: 'consumer',
      parent: traceCarrierOf(envelope),
      attributes: {
        'messaging.destination.name': type,
        'messaging.message.id': envelope.id,
        'messaging.consumer.group.name': this.service,
        'bazaar.attempt': attempt,
      },
    });
    return Tracing.within(span, () =>
      RequestContext.run({ requestId }, () =>
        DeliveryRecord.track(async (record) => {
          const leave = this.deps.lifecycle.enter();
          const stopTimer = this.deps.metrics.startHandling(type);
          try {
            await this.invoke(handler, envelope, new EventContext([type, requestId, attempt, maxAttempts]));
            stopTimer('ok');
            // Once per delivery: a redelivery the inbox skipped is a duplicate, not also a handled event.
            this.deps.metrics.consumed(type, record.outcome);
            span?.end({ outcome: record.outcome, failed: false });
            return { kind: 'ack' } as const;
          } catch (error) {
            stopTimer('error');
            span?.fail(error);
            const reason = reasonOf(error);
            if (attempt < maxAttempts) {
              this.log.warn({
                ...fields,
                reason,
                msg: `event handler failed: retry ${attempt} of ${maxAttempts - 1}`,
              });
              this.deps.metrics.consumed(type, 'retried');
              return { kind: 'retry', reason } as const;
            }
            this.log.error({
              ...fields,
              reason,
              msg: 'event handler failed on its last attempt: dead-lettered',
            });
            this.deps.metrics.consumed(type, 'dead-lettered');
            return { kind: 'dead-letter', reason } as const;
          } finally {
            leave();
          }
        }),
      ),
    );
  }

  private async invoke(handler: MessageHandler, data: unknown, context: EventContext): Promise<void> {
    const result: unknown = await handler(data, context);
    if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
  }

  /** The `@EventPattern` types of this service, each of which the topology must route to it. */
  private handledTypes(): string[] {
    const types = [...this.messageHandlers.entries()]
      .filter(([, handler]) => handler.isEventHandler)
      .map(([pattern]) => pattern);
    if (types.length === 0) return [];
    if (!isEventConsumer(this.service)) {
      throw new Error(
        `${this.service} handles ${types.join(', ')} but is not an event consumer in EVENT_SUBSCRIPTIONS (libs/contracts)`,
      );
    }
    const routed: readonly string[] = EVENT_SUBSCRIPTIONS[this.service];
    const unrouted = types.filter((type) => !routed.includes(type));
    if (unrouted.length > 0) {
      throw new Error(
        `EVENT_SUBSCRIPTIONS.${this.service} does not route ${unrouted.join(', ')} to its handlers`,
      );
    }
    for (const [pattern, handler] of this.messageHandlers) {
      if (handler.isEventHandler && handler.next) {
        throw new Error(`${pattern} has more than one @EventPattern handler in ${this.service}: keep one`);
      }
    }
    const missing = routed.filter((type) => !types.includes(type));
    if (missing.length > 0) {
      this.log.warn({ msg: `routed to ${this.service} without a handler here`, types: missing });
    }
    return [...routed];
  }
}

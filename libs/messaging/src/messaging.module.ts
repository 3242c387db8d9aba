import {
  DynamicModule,
  Inject,
  Injectable,
  INestApplication,
  Module,
  OnApplicationShutdown,
  Provider,
} from '@nestjs/common';
import { CustomStrategy } from '@nestjs/microservices';
import { DatabaseConnection } from '@bazaar/persistence';
import { LifecycleService, SERVICE_NAME } from '@bazaar/platform';
import { DeadLetterStore } from './dead-letters/dead-letter-store';
import { Inbox } from './inbox/inbox';
import { InboxJanitor } from './inbox/inbox-janitor';
import { loadMessagingConfig, MessagingConfig } from './messaging.config';
import { DEAD_LETTERS, EVENT_BUS, EVENT_CLIENT, EVENT_SERVER } from './messaging.tokens';
import { EventMetrics, eventMetricProviders } from './metrics/event-metrics';
import { Outbox } from './outbox/outbox';
import { OutboxRelay } from './outbox/outbox-relay';
import { PgBossBus } from './pg-boss/pg-boss-bus';
import { RabbitMqBus } from './rabbitmq/rabbitmq-bus';
import { EventBus } from './transport/event-bus';
import { EventTransportServer } from './transport/event-transport.server';

export interface MessagingOptions {
  /** The service records events in its outbox (its database has an `outbox` table). */
  publishes?: boolean;
  /** The service consumes events with `@EventPattern` handlers (its database has an `inbox` table). */
  consumes?: boolean;
  /** The service administers dead letters (the gateway). */
  deadLetters?: boolean;
}

@Injectable()
class EventBusCloser implements OnApplicationShutdown {
  constructor(@Inject(EVENT_BUS) private readonly bus: EventBus) {}

  // After the relay and the transport server stopped (onModuleDestroy / app.close), before the database closes.
  async onApplicationShutdown(): Promise<void> {
    await this.bus.close();
  }
}

function createBus(config: MessagingConfig, database?: DatabaseConnection): EventBus {
  return config.bus === 'rabbitmq' ? new RabbitMqBus(config) : new PgBossBus(config, database);
}

/**
 * Events for one service: the bus chosen by configuration (PostgreSQL via pg-boss by default, RabbitMQ with
 * RABBITMQ_URL), the transactional outbox and its relay for producers, the inbox and the transport server for
 * consumers (`bootstrapService(..., { eventServer: consumeEvents })`), the dead-letter store for admins.
 */
@Module({})
export class MessagingModule {
  static forService(options: MessagingOptions): DynamicModule {
    const providers: Provider[] = [
      { provide: MessagingConfig, useFactory: () => loadMessagingConfig() },
      ...eventMetricProviders,
      EventMetrics,
      {
        provide: EVENT_BUS,
        inject: [MessagingConfig, { token: DatabaseConnection, optional: true }],
        useFactory: (config: MessagingConfig, database?: DatabaseConnection) => createBus(config, database),
      },
      EventBusCloser,
    ];
    const exports: Array<Provider | symbol | (abstract new (...args: never[]) => unknown)> = [
      MessagingConfig,
    ];
    if (options.publishes) {
      providers.push(
        { provide: EVENT_CLIENT, inject: [EVENT_BUS], useFactory: (bus: EventBus) => bus.createClient() },
        OutboxRelay,
        Outbox,
      );
      exports.push(Outbox, EVENT_CLIENT);
    }
    if (options.consumes) {
      providers.push(
        {
          provide: EVENT_SERVER,
          inject: [EVENT_BUS, SERVICE_NAME, MessagingConfig, EventMetrics, LifecycleService],
          useFactory: (
            bus: EventBus,
            service: string,
            config: MessagingConfig,
            metrics: EventMetrics,
            lifecycle: LifecycleService,
          ) => bus.createServer({ service, config, metrics, lifecycle }),
        },
        Inbox,
        InboxJanitor,
      );
      exports.push(Inbox, EVENT_SERVER);
    }
    if (options.deadLetters) {
      providers.push({
        provide: DEAD_LETTERS,
        inject: [EVENT_BUS],
        useFactory: (bus: EventBus) => bus.deadLetters(),
      });
      exports.push(DEAD_LETTERS);
    }
    return { module: MessagingModule, global: true, providers, exports };
  }
}

/** For `bootstrapService`: the service's bus transport, so its `@EventPattern` handlers receive events. */
export function consumeEvents(app: INestApplication): CustomStrategy {
  return { strategy: app.get<EventTransportServer>(EVENT_SERVER) };
}

/** Inject the dead-letter store: `@InjectDeadLetters() deadLetters: DeadLetterStore`. */
export const InjectDeadLetters = (): ParameterDecorator => Inject(DEAD_LETTERS);
export type { DeadLetterStore };

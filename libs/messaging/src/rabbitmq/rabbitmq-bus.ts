import { DeadLetterStore } from '../dead-letters/dead-letter-store';
import { MessagingConfig } from '../messaging.config';
import { EventBus } from '../transport/event-bus';
import { EventServerDeps } from '../transport/event-transport.server';
import { RabbitMqConnection } from './rabbitmq-connection';
import { RabbitMqClient } from './rabbitmq.client';
import { RabbitMqDeadLetters } from './rabbitmq-dead-letters';
import { RabbitMqServer } from './rabbitmq.server';

/** RabbitMQ as the bus (RABBITMQ_URL): the production profile. */
export class RabbitMqBus implements EventBus {
  readonly kind = 'rabbitmq' as const;
  readonly connection: RabbitMqConnection;

  constructor(config: MessagingConfig) {
    this.connection = new RabbitMqConnection(config);
  }

  createServer(deps: EventServerDeps): RabbitMqServer {
    return new RabbitMqServer(deps, this.connection);
  }

  createClient(): RabbitMqClient {
    return new RabbitMqClient(this.connection);
  }

  deadLetters(): DeadLetterStore {
    return new RabbitMqDeadLetters(this.connection);
  }

  close(): Promise<void> {
    return this.connection.close();
  }
}

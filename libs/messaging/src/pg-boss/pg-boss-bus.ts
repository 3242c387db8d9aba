import { DatabaseConnection } from '@bazaar/persistence';
import { DeadLetterStore } from '../dead-letters/dead-letter-store';
import { MessagingConfig } from '../messaging.config';
import { EventBus } from '../transport/event-bus';
import { EventServerDeps } from '../transport/event-transport.server';
import { PgBossConnection } from './pg-boss-connection';
import { PgBossClient } from './pg-boss.client';
import { PgBossDeadLetters } from './pg-boss-dead-letters';
import { PgBossServer } from './pg-boss.server';

/** PostgreSQL as the bus (pg-boss): the embedded default, nothing to install. */
export class PgBossBus implements EventBus {
  readonly kind = 'postgres' as const;
  readonly connection: PgBossConnection;

  constructor(config: MessagingConfig, serviceDatabase?: DatabaseConnection) {
    this.connection = new PgBossConnection(config, serviceDatabase);
  }

  createServer(deps: EventServerDeps): PgBossServer {
    return new PgBossServer(deps, this.connection);
  }

  createClient(): PgBossClient {
    return new PgBossClient(this.connection);
  }

  deadLetters(): DeadLetterStore {
    return new PgBossDeadLetters(this.connection);
  }

  close(): Promise<void> {
    return this.connection.close();
  }
}

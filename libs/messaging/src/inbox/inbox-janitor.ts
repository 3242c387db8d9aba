import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DatabaseConnection } from '@bazaar/persistence';
import { MessagingConfig } from '../messaging.config';

const SWEEP_EVERY_MS = 10 * 60_000;

/** Forgets inbox records older than INBOX_RETENTION_HOURS, so the table stays the size of its window. */
@Injectable()
export class InboxJanitor implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger('Inbox');
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly database: DatabaseConnection,
    private readonly config: MessagingConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), SWEEP_EVERY_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  async sweep(): Promise<void> {
    try {
      const { rowCount } = await this.database.pool.query(
        'DELETE FROM inbox WHERE received_at < now() - make_interval(hours => $1)',
        [this.config.INBOX_RETENTION_HOURS],
      );
      if (rowCount) this.log.log({ msg: 'forgot old inbox records', count: rowCount });
    } catch (error) {
      this.log.warn({
        msg: 'inbox sweep failed',
        detail: error instanceof Error ? error.message : String(error),
      });
    }
  }
}

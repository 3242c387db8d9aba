import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { loadConfig } from '@bazaar/platform';

export const EVENT_BUSES = ['postgres', 'rabbitmq'] as const;
export type EventBusKind = (typeof EVENT_BUSES)[number];
export const UNKNOWN_EVENT_POLICIES = ['dead-letter', 'ack'] as const;

/** The event bus settings, the same for every service. */
export class MessagingConfig {
  /** `postgres` (pg-boss, the embedded default) or `rabbitmq`; defaults to rabbitmq when RABBITMQ_URL is set. */
  @IsOptional()
  @IsIn(EVENT_BUSES)
  EVENT_BUS?: EventBusKind = undefined;

  /** The PostgreSQL database pg-boss keeps its queues in. Unset in the embedded profile: the platform's own. */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\//, { message: 'BUS_DATABASE_URL must be a postgres:// URL' })
  BUS_DATABASE_URL?: string = undefined;

  /** `amqp://user:password@host:5672/vhost` of the RabbitMQ broker. */
  @IsOptional()
  @Matches(/^amqps?:\/\//, { message: 'RABBITMQ_URL must be an amqp:// or amqps:// URL' })
  RABBITMQ_URL?: string = undefined;

  /** Retries after the first failed delivery, before the event goes to the service's dead-letter queue. */
  @IsInt()
  @Min(0)
  @Max(20)
  EVENT_RETRY_LIMIT: number = 5;

  /** First retry delay; each next one doubles it (with jitter on PostgreSQL). pg-boss rounds up to seconds. */
  @IsInt()
  @Min(10)
  @Max(3_600_000)
  EVENT_RETRY_DELAY_MS: number = 1_000;

  /** Deliveries one service instance handles at once. */
  @IsInt()
  @Min(1)
  @Max(256)
  EVENT_CONCURRENCY: number = 16;

  /** A handler running longer than this is presumed dead (its process crashed): the event is delivered again. */
  @IsInt()
  @Min(1)
  @Max(3_600)
  EVENT_HANDLER_TIMEOUT_S: number = 60;

  /** PostgreSQL bus: how often an idle consumer looks for new events, and how often expired work is reclaimed. */
  @IsInt()
  @Min(10)
  @Max(60_000)
  EVENT_POLL_MS: number = 200;

  @IsInt()
  @Min(1)
  @Max(3_600)
  EVENT_MAINTENANCE_S: number = 30;

  /** What to do with an event type (or version) the service has no handler for. */
  @IsIn(UNKNOWN_EVENT_POLICIES)
  UNKNOWN_EVENT_POLICY: (typeof UNKNOWN_EVENT_POLICIES)[number] = 'dead-letter';

  /** Outbox relay: idle poll interval (new events wake it at once in-process), batch size, back-off cap. */
  @IsInt()
  @Min(10)
  @Max(60_000)
  OUTBOX_POLL_MS: number = 1_000;

  @IsInt()
  @Min(1)
  @Max(1_000)
  OUTBOX_BATCH_SIZE: number = 200;

  @IsInt()
  @Min(10)
  @Max(600_000)
  OUTBOX_RETRY_MAX_MS: number = 30_000;

  /** Sent outbox rows and inbox records are kept this long (duplicates older than the inbox window are not caught). */
  @IsInt()
  @Min(1)
  @Max(24 * 90)
  OUTBOX_RETENTION_HOURS: number = 24;

  @IsInt()
  @Min(1)
  @Max(24 * 365)
  INBOX_RETENTION_HOURS: number = 24 * 14;

  /**
   * Tests only: how long the inbox keeps each handler's effect uncommitted, so an end-to-end test can kill a
   * consumer while a handler is running. 0 (off) anywhere else.
   */
  @IsInt()
  @Min(0)
  @Max(600_000)
  INBOX_TEST_HOLD_MS: number = 0;

  /** A name for this process on the broker connection (shows in the RabbitMQ management UI). */
  @IsOptional()
  @IsString()
  EVENT_CLIENT_NAME?: string = undefined;

  get bus(): EventBusKind {
    return this.EVENT_BUS ?? (this.RABBITMQ_URL ? 'rabbitmq' : 'postgres');
  }
}

export function loadMessagingConfig(env: NodeJS.ProcessEnv = process.env): MessagingConfig {
  const config = loadConfig(MessagingConfig, env);
  if (config.bus === 'rabbitmq' && !config.RABBITMQ_URL) {
    throw new Error('EVENT_BUS=rabbitmq needs RABBITMQ_URL');
  }
  return config;
}

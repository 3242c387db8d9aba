import { Logger } from '@nestjs/common';
import type * as Amqplib from 'amqplib';
import type { ChannelModel, ConfirmChannel, Options } from 'amqplib';
import { MessagingConfig } from '../messaging.config';
import { backoffDelay } from '@bazaar/platform';
import { reasonOf } from '../transport/disposition';
import { declareTopology } from './rabbitmq-topology';

const CONFIRM_TIMEOUT_MS = 10_000;

/** Something to set up again on every new connection (a consumer). */
export type ConnectionSetup = (model: ChannelModel) => Promise<void>;

/**
 * One AMQP connection per process. Opened on first use and after a loss: by the next publish (which fails at
 * once while the broker is unreachable, so the outbox keeps the event and retries), or by a reconnect loop with
 * back-off when a consumer is registered. Every new connection declares the topology first.
 */
export class RabbitMqConnection {
  private readonly log = new Logger('RabbitMQ');
  private model: ChannelModel | undefined;
  private publisher: ConfirmChannel | undefined;
  private connecting: Promise<ChannelModel> | undefined;
  private readonly setups = new Set<ConnectionSetup>();
  private reconnectTimer: NodeJS.Timeout | undefined;
  private failures = 0;
  private closed = false;

  constructor(private readonly config: MessagingConfig) {}

  /** The open connection, connecting first if needed; rejects when the broker is unreachable. */
  get(): Promise<ChannelModel> {
    if (this.closed) return Promise.reject(new Error('the RabbitMQ connection is closed'));
    if (this.model) return Promise.resolve(this.model);
    this.connecting ??= this.open().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  /** Publishes and resolves on the broker's confirm; rejects on a nack, a timeout or a lost connection. */
  async publish(
    exchange: string,
    routingKey: string,
    content: Buffer,
    options: Options.Publish,
  ): Promise<void> {
    await this.get();
    const channel = this.publisher;
    if (!channel) throw new Error('RabbitMQ publisher channel unavailable');
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no publisher confirm in time')), CONFIRM_TIMEOUT_MS);
      try {
        channel.publish(exchange, routingKey, content, options, (error: unknown) => {
          clearTimeout(timer);
          if (error) reject(error instanceof Error ? error : new Error('the broker refused the message'));
          else resolve();
        });
      } catch (error) {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  }

  /** Runs `setup` now if connected, and again after every reconnection, until `removeSetup`. */
  async addSetup(setup: ConnectionSetup): Promise<void> {
    this.setups.add(setup);
    try {
      await setup(await this.get());
    } catch (error) {
      this.log.warn({ msg: 'RabbitMQ unreachable, will keep trying', reason: reasonOf(error) });
      this.scheduleReconnect();
    }
  }

  removeSetup(setup: ConnectionSetup): void {
    this.setups.delete(setup);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    const model = this.model;
    this.model = undefined;
    this.publisher = undefined;
    await model?.close().catch(() => undefined);
  }

  private async open(): Promise<ChannelModel> {
    // Required here, not on import: on the PostgreSQL bus amqplib is never loaded (docs/adr/0016-service-memory.md).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { connect } = require('amqplib') as typeof Amqplib;
    const model = await connect(this.config.RABBITMQ_URL!, {
      clientProperties: { connection_name: this.config.EVENT_CLIENT_NAME ?? `bazaar-${process.pid}` },
      timeout: 5_000,
    });
    try {
      model.on('error', (error: Error) =>
        this.log.warn({ msg: 'RabbitMQ connection error', reason: error.message }),
      );
      model.on('close', () => this.onClose(model));
      const publisher = await model.createConfirmChannel();
      publisher.on('error', (error: Error) =>
        this.log.warn({ msg: 'RabbitMQ channel error', reason: error.message }),
      );
      await declareTopology(publisher, this.config);
      this.model = model;
      this.publisher = publisher;
      if (this.failures > 0) this.log.log({ msg: 'reconnected to RabbitMQ', after: this.failures });
      this.failures = 0;
      return model;
    } catch (error) {
      await model.close().catch(() => undefined);
      throw error;
    }
  }

  private onClose(model: ChannelModel): void {
    if (this.model !== model) return;
    this.model = undefined;
    this.publisher = undefined;
    if (this.closed) return;
    this.log.warn({ msg: 'RabbitMQ connection lost' });
    this.scheduleReconnect();
  }

  /** Only consumers need a connection when nothing is being published: reconnect for them. */
  private scheduleReconnect(): void {
    if (this.closed || this.setups.size === 0 || this.reconnectTimer) return;
    this.failures += 1;
    const delayMs = backoffDelay({ initialMs: 200, maxMs: 10_000, jitter: 0.2 }, this.failures);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      void this.reconnect();
    }, delayMs);
  }

  private async reconnect(): Promise<void> {
    try {
      const model = await this.get();
      for (const setup of this.setups) await setup(model);
    } catch (error) {
      this.log.warn({ msg: 'RabbitMQ still unreachable', attempt: this.failures, reason: reasonOf(error) });
      this.scheduleReconnect();
    }
  }
}

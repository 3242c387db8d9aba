import { Logger } from '@nestjs/common';
import { CustomTransportStrategy, RmqContext, Server, WritePacket } from '@nestjs/microservices';
import { NO_MESSAGE_HANDLER } from '@nestjs/microservices/constants';
import type { Channel, ChannelModel, ConsumeMessage } from 'amqplib';
import { RpcEnvelope, RpcErrorBody } from '@bazaar/contracts';
import { Tracing } from '@bazaar/observability';
import { RequestContext, RequestContextData } from '../context/request-context';
import { backoffDelay } from '../polling/backoff';
import { closeAmqp, connectAmqp } from './amqp-connect';
import { BrokerRpcStatus } from './broker-rpc-readiness';
import { JSON_CONTENT_TYPE, metaOf, parseJson, RmqRpcReply } from './rabbitmq-rpc-headers';
import { startRpcServerSpan } from './rpc-span';
import { outcomeOfError, RpcWork } from './rpc-work';

export interface RabbitMqRpcServerOptions {
  url: string;
  /** The queue every instance of the service consumes: `rpcQueueOf(service)`. */
  queue: string;
  /** Requests one instance handles at once; the broker holds the rest for other instances. */
  prefetch: number;
  /** How the connection shows in RabbitMQ's connection list. */
  connectionName: string;
}

/** How long closing waits for handlers already running before closing the connection (which requeues them). */
const STOP_TIMEOUT_MS = 10_000;
const INTERNAL_ERROR = { code: 'INTERNAL', message: 'An unexpected error occurred.' } as const;

// In place of Nest's Transport.RMQ: docs/adr/0018-rabbitmq-rpc-transport.md
/**
 * Serves a service's `@MessagePattern` handlers from its RabbitMQ queue, request/reply the way Nameko does RPC
 * over AMQP: every instance consumes the same durable queue (competing consumers, `prefetch` each), the reply
 * goes to the request's `replyTo` (the caller's direct reply-to) with its `correlationId`, and the request is
 * acknowledged only after its reply was published, so the requests of an instance that dies are redelivered to
 * another one. Handlers get the same `{ meta, data }` envelope as over TCP and run in the caller's request
 * context, accounted for by `RpcWork`. Start-up does not wait for the broker; readiness does.
 */
export class RabbitMqRpcServer extends Server implements CustomTransportStrategy {
  private readonly log = new Logger('RabbitMqRpc');
  private model: ChannelModel | undefined;
  private channel: Channel | undefined;
  private consumerTag: string | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private failures = 0;
  private stopping = false;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly settings: RabbitMqRpcServerOptions,
    private readonly work: RpcWork,
    private readonly brokerStatus: BrokerRpcStatus = new BrokerRpcStatus(),
  ) {
    super();
  }

  /** True while requests are being consumed. */
  get consuming(): boolean {
    return this.brokerStatus.consuming;
  }

  listen(callback: (error?: unknown) => void): void {
    // Returns at once: a broker that is down must not block start-up; readiness stays down until consuming.
    void this.connect();
    callback();
  }

  /** Takes no new requests; the ones already running finish and are answered. Called when shutdown begins. */
  async stopConsuming(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.reconnectTimer);
    this.setConsuming(false, 'shutting down');
    const channel = this.channel;
    const tag = this.consumerTag;
    this.consumerTag = undefined;
    if (channel && tag) await channel.cancel(tag).catch(() => undefined);
  }

  async close(): Promise<void> {
    await this.stopConsuming();
    await Promise.race([
      Promise.allSettled([...this.inFlight]),
      new Promise((resolve) => setTimeout(resolve, STOP_TIMEOUT_MS).unref()),
    ]);
    const model = this.model;
    this.model = undefined;
    this.channel = undefined;
    await closeAmqp(model);
  }

  on(): never {
    throw new Error('RabbitMqRpcServer has no events to subscribe to');
  }

  /** The amqplib connection (`ChannelModel`) while connected. */
  unwrap<T>(): T {
    if (!this.model) throw new Error('RabbitMqRpcServer is not connected');
    return this.model as T;
  }

  private async connect(): Promise<void> {
    let model: ChannelModel | undefined;
    try {
      model = await connectAmqp(this.settings.url, this.settings.connectionName);
      const opened = model;
      opened.on('error', (error: Error) => this.log.warn({ msg: 'connection error', reason: error.message }));
      opened.on('close', () => this.onLost(opened));
      if (this.stopping) {
        await opened.close();
        return;
      }
      this.model = opened;
      const channel = await opened.createChannel();
      channel.on('error', (error: Error) => this.log.warn({ msg: 'channel error', reason: error.message }));
      // A channel the broker closed (e.g. after a protocol error) consumes nothing more: start over.
      channel.on('close', () => {
        if (this.channel === channel && !this.stopping) void opened.close().catch(() => undefined);
      });
      await channel.prefetch(this.settings.prefetch);
      await channel.assertQueue(this.settings.queue, { durable: true });
      this.channel = channel;
      const { consumerTag } = await channel.consume(
        this.settings.queue,
        (message) => this.onMessage(channel, message),
        { noAck: false },
      );
      this.consumerTag = consumerTag;
      if (this.stopping) {
        // Shutdown began while this connection was being set up: take nothing.
        await channel.cancel(consumerTag).catch(() => undefined);
        return;
      }
      if (this.failures > 0) this.log.log({ msg: 'reconnected to RabbitMQ', after: this.failures });
      this.failures = 0;
      this.setConsuming(true);
      this.log.log({ msg: `consuming ${this.settings.queue}`, prefetch: this.settings.prefetch });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.log.warn({ msg: 'RabbitMQ unreachable, will keep trying', reason });
      this.setConsuming(false, `RabbitMQ unreachable: ${reason}`);
      if (model && this.model === model) this.model = undefined;
      await closeAmqp(model);
      this.scheduleReconnect();
    }
  }

  private onLost(model: ChannelModel): void {
    if (this.model !== model) return;
    this.model = undefined;
    this.channel = undefined;
    this.consumerTag = undefined;
    if (this.stopping) return;
    this.log.warn({ msg: 'RabbitMQ connection lost; unacknowledged requests go back to the queue' });
    this.setConsuming(false, 'RabbitMQ connection lost');
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.stopping || this.reconnectTimer) return;
    this.failures += 1;
    const delayMs = backoffDelay({ initialMs: 200, maxMs: 10_000, jitter: 0.2 }, this.failures);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      void this.connect();
    }, delayMs);
  }

  private setConsuming(consuming: boolean, reason = ''): void {
    this.brokerStatus.consuming = consuming;
    this.brokerStatus.reason = reason;
  }

  private onMessage(channel: Channel, message: ConsumeMessage | null): void {
    if (!message) {
      // The broker cancelled the consumer (its queue was deleted): a new connection declares it again.
      if (this.channel === channel && !this.stopping) void this.model?.close().catch(() => undefined);
      return;
    }
    if (this.stopping) {
      // Arrived while the cancel was on its way: another instance answers it.
      settle(() => channel.nack(message, false, true));
      return;
    }
    const handling = this.handle(channel, message)
      .catch((error: unknown) => this.log.error({ msg: 'RPC request not handled', err: error }))
      .finally(() => this.inFlight.delete(handling));
    this.inFlight.add(handling);
  }

  private handle(channel: Channel, message: ConsumeMessage): Promise<void> {
    const { replyTo, correlationId, type } = message.properties as {
      replyTo?: unknown;
      correlationId?: unknown;
      type?: unknown;
    };
    if (typeof replyTo !== 'string' || typeof correlationId !== 'string' || typeof type !== 'string') {
      this.log.warn({ msg: 'not an RPC request (no replyTo, correlationId or type): dropped' });
      settle(() => channel.ack(message));
      return Promise.resolve();
    }
    let replied = false;
    const reply = (body: RmqRpcReply) => {
      if (replied) return;
      replied = true;
      try {
        channel.sendToQueue(replyTo, Buffer.from(JSON.stringify(body)), {
          correlationId,
          contentType: JSON_CONTENT_TYPE,
        });
        // After the reply, on the same channel: the broker sees the reply first. Dying before this line leaves
        // the request unacknowledged, so it is redelivered; the caller drops a second answer.
        channel.ack(message);
      } catch (error) {
        // The channel went with its connection: the broker requeues the request for another instance.
        this.log.warn({ msg: 'could not answer', reason: error instanceof Error ? error.message : error });
      }
    };

    const pattern = type;
    const handler = this.getHandlerByPattern(pattern);
    if (!handler || handler.isEventHandler) {
      reply({ err: NO_MESSAGE_HANDLER });
      return Promise.resolve();
    }
    const meta = metaOf(message.properties.headers);
    const envelope: RpcEnvelope<unknown> = { meta, data: parseJson(message.content.toString('utf8')) };
    const context: RequestContextData = { requestId: meta.requestId };
    if (meta.caller) context.caller = meta.caller;
    const span = startRpcServerSpan(pattern, 'rabbitmq', meta, meta.requestId);
    const finish = this.work.begin(pattern, context, span);
    const rmqContext = new RmqContext([message, channel, pattern]);

    return Tracing.within(span, () =>
      RequestContext.run(context, async () => {
        const answered = new Promise<void>((done) => {
          const respond = (packet: WritePacket) => {
            // One reply per request: the first value, the error, or the end of a stream that sent nothing.
            if (packet.err !== undefined && packet.err !== null) {
              finish(outcomeOfError(packet.err));
              reply({ err: packet.err as RpcErrorBody });
            } else {
              finish('ok');
              reply({ response: packet.response });
            }
            done();
          };
          handler(envelope, rmqContext).then(
            (result) => this.send(this.transformToObservable(result), respond),
            (error: unknown) => {
              // The exception filter answers handler errors; this is a failure of the pipeline itself.
              this.log.error({ msg: 'RPC pipeline failed', pattern, err: error });
              finish('INTERNAL');
              reply({ err: INTERNAL_ERROR });
              done();
            },
          );
        });
        await answered;
      }),
    );
  }
}

/** An ack or nack on a channel that may have closed meanwhile: then the broker requeues the message by itself. */
function settle(acknowledge: () => void): void {
  try {
    acknowledge();
  } catch {
    // the channel is gone with its connection
  }
}

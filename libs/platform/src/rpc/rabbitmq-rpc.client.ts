import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Channel, ChannelModel, ConsumeMessage, Message } from 'amqplib';
import { RpcEnvelope } from '@bazaar/contracts';
import { closeAmqp, connectAmqp } from './amqp-connect';
import { DIRECT_REPLY_TO, headersOf, JSON_CONTENT_TYPE, parseJson } from './rabbitmq-rpc-headers';
import { RpcRequester, RpcTimeoutError } from './rpc-requester';

export interface RabbitMqRpcClientOptions {
  url: string;
  /** The queue of the called service: `rpcQueueOf(service)`. */
  queue: string;
}

interface PendingCall {
  pattern: string;
  resolve: (response: unknown) => void;
  reject: (error: unknown) => void;
  timer: NodeJS.Timeout;
}

// In place of Nest's Transport.RMQ: docs/adr/0018-rabbitmq-rpc-transport.md
/**
 * Calls to one service over RabbitMQ: the payload as the body, the pattern as the message `type`, the envelope's
 * meta as headers, the call's timeout as the message's `expiration` (a request nobody took in time is dropped by
 * the broker instead of being handled for a caller that gave up). Every client of the process shares one
 * connection and one channel (`RabbitMqRpcLink`), whose replies come back on direct reply-to.
 */
export class RabbitMqRpcClient implements RpcRequester {
  readonly system = 'rabbitmq';
  private readonly link: RabbitMqRpcLink;
  private closed = false;

  constructor(private readonly options: RabbitMqRpcClientOptions) {
    this.link = RabbitMqRpcLink.acquire(options.url);
  }

  request<TResult>(pattern: string, envelope: RpcEnvelope<unknown>, timeoutMs: number): Promise<TResult> {
    if (this.closed) return Promise.reject(new Error('the RPC client is closed'));
    return this.link.request<TResult>(this.options.queue, pattern, envelope, timeoutMs);
  }

  /** The amqplib connection (`ChannelModel`) this client shares, while connected; like Nest's `ClientProxy.unwrap`. */
  unwrap<T>(): T {
    return this.link.unwrap<T>();
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    return this.link.release();
  }
}

/**
 * One AMQP connection and channel per process and broker URL, opened on the first call and again on the first
 * call after a loss, consuming direct reply-to (no acks) and routing each reply to its caller by correlation ID.
 * A loss rejects every pending call at once (its replies can no longer arrive); a reply nobody waits for any
 * more (timed out, or a redelivered request answered twice) is dropped.
 */
class RabbitMqRpcLink {
  private static readonly links = new Map<string, RabbitMqRpcLink>();
  private readonly log = new Logger('RabbitMqRpcClient');
  private readonly pending = new Map<string, PendingCall>();
  private users = 0;
  private model: ChannelModel | undefined;
  private channel: Channel | undefined;
  private opening: Promise<Channel> | undefined;
  private released = false;

  private constructor(private readonly url: string) {}

  static acquire(url: string): RabbitMqRpcLink {
    let link = RabbitMqRpcLink.links.get(url);
    if (!link) {
      link = new RabbitMqRpcLink(url);
      RabbitMqRpcLink.links.set(url, link);
    }
    link.users += 1;
    return link;
  }

  /** Closes the connection once the last client of this URL let go of it. */
  async release(): Promise<void> {
    this.users -= 1;
    if (this.users > 0) return;
    RabbitMqRpcLink.links.delete(this.url);
    this.released = true;
    const model = this.model;
    this.forget(new Error('the RPC client is closed'));
    await closeAmqp(model);
  }

  unwrap<T>(): T {
    if (!this.model) throw new Error('RabbitMqRpcClient is not connected');
    return this.model as T;
  }

  request<TResult>(
    queue: string,
    pattern: string,
    envelope: RpcEnvelope<unknown>,
    timeoutMs: number,
  ): Promise<TResult> {
    return new Promise<TResult>((resolve, reject) => {
      const correlationId = randomUUID();
      const timer = setTimeout(() => this.settle(correlationId, new RpcTimeoutError(timeoutMs)), timeoutMs);
      this.pending.set(correlationId, {
        pattern,
        resolve: resolve as (response: unknown) => void,
        reject,
        timer,
      });
      const publish = (channel: Channel) => {
        if (!this.pending.has(correlationId)) return; // timed out while connecting
        try {
          channel.sendToQueue(queue, Buffer.from(JSON.stringify(envelope.data ?? null)), {
            correlationId,
            replyTo: DIRECT_REPLY_TO,
            type: pattern,
            // A whole number of milliseconds, or the broker closes the channel (and every call on it).
            expiration: String(Math.max(1, Math.ceil(timeoutMs))),
            headers: headersOf(envelope.meta),
            contentType: JSON_CONTENT_TYPE,
            // Returned at once when no queue exists (the service never started), instead of a timeout.
            mandatory: true,
          });
        } catch (error) {
          this.settle(correlationId, error);
        }
      };
      const channel = this.channel;
      if (channel) publish(channel);
      else this.open().then(publish, (error: unknown) => this.settle(correlationId, error));
    });
  }

  private open(): Promise<Channel> {
    this.opening ??= this.connect().finally(() => (this.opening = undefined));
    return this.opening;
  }

  private async connect(): Promise<Channel> {
    const model = await connectAmqp(this.url, `bazaar-rpc-client-${process.pid}`);
    try {
      model.on('error', (error: Error) => this.log.warn({ msg: 'connection error', reason: error.message }));
      model.on('close', () => this.onLost(model, 'the connection to RabbitMQ was lost'));
      const channel = await model.createChannel();
      channel.on('error', (error: Error) => this.log.warn({ msg: 'channel error', reason: error.message }));
      channel.on('close', () => {
        this.onLost(model, 'the RabbitMQ channel was closed');
        void model.close().catch(() => undefined);
      });
      channel.on('return', (message: Message) => this.onReturned(message));
      // Consuming direct reply-to before the first publish is what makes the broker accept `replyTo` on it.
      await channel.consume(DIRECT_REPLY_TO, (message) => this.onReply(message), { noAck: true });
      if (this.released) throw new Error('the RPC client is closed');
      this.model = model;
      this.channel = channel;
      return channel;
    } catch (error) {
      await closeAmqp(model);
      throw error;
    }
  }

  private onReply(message: ConsumeMessage | null): void {
    if (!message) return;
    const correlationId = message.properties.correlationId as unknown;
    if (typeof correlationId !== 'string' || !this.pending.has(correlationId)) return;
    const body = parseJson(message.content.toString('utf8')) as
      { response?: unknown; err?: unknown } | undefined;
    if (body?.err !== undefined && body.err !== null) this.settle(correlationId, body.err);
    else if (body && 'response' in body) this.settle(correlationId, undefined, body.response);
    else
      this.settle(correlationId, new Error(`${this.pending.get(correlationId)?.pattern} answered nothing`));
  }

  private onReturned(message: Message): void {
    const correlationId = message.properties.correlationId as unknown;
    if (typeof correlationId !== 'string') return;
    this.settle(correlationId, new Error(`no RabbitMQ queue for ${message.fields.routingKey}`));
  }

  private onLost(model: ChannelModel, reason: string): void {
    if (this.model !== model) return;
    this.log.warn({ msg: reason, pending: this.pending.size });
    this.forget(new Error(reason));
  }

  /** Drops the connection (the next call opens a new one) and rejects the calls waiting on it. */
  private forget(error: Error): void {
    this.model = undefined;
    this.channel = undefined;
    for (const correlationId of [...this.pending.keys()]) this.settle(correlationId, error);
  }

  private settle(correlationId: string, error: unknown, response?: unknown): void {
    const call = this.pending.get(correlationId);
    if (!call) return;
    this.pending.delete(correlationId);
    clearTimeout(call.timer);
    // The remote's error body as it sent it (a plain `{ code, message }`): RpcClient turns it into a DomainError.
    if (error !== undefined) call.reject(error);
    else call.resolve(response);
  }
}

import type * as Amqplib from 'amqplib';
import type { ChannelModel } from 'amqplib';

const CONNECT_TIMEOUT_MS = 5_000;

/**
 * One AMQP connection. amqplib is required here, on first use, not on import: a process that never talks to
 * RabbitMQ (every service in the embedded profile) never loads it (docs/adr/0016-service-memory.md).
 */
export function connectAmqp(url: string, connectionName: string): Promise<ChannelModel> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { connect } = require('amqplib') as typeof Amqplib;
  return connect(url, {
    clientProperties: { connection_name: connectionName },
    timeout: CONNECT_TIMEOUT_MS,
    // Requests and replies are small frames written one at a time: with Nagle's algorithm on, each one can wait
    // for the peer's delayed ACK (bench/rpc-transports: p50 7.6 ms with it, see docs/adr/0018).
    noDelay: true,
  });
}

const CLOSE_TIMEOUT_MS = 2_000;

/** Closes a connection without waiting more than a bound: a broker gone silent never answers the close. */
export async function closeAmqp(model: ChannelModel | undefined): Promise<void> {
  if (!model) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    model.close().catch(() => undefined),
    new Promise((resolve) => (timer = setTimeout(resolve, CLOSE_TIMEOUT_MS))),
  ]);
  clearTimeout(timer);
}

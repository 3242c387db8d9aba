import { MessageHandler, RmqContext, Server, WritePacket } from '@nestjs/microservices';
import { EMPTY, Observable, of, throwError } from 'rxjs';
import { rpcPatternOf } from './rpc-pattern';

/**
 * What RabbitMqRpcServer takes from Nest's `Server` and `RmqContext` (docs/adr/0018-rabbitmq-rpc-transport.md):
 * the handler registry, the result-to-packets machinery whose first packet becomes the one reply, and the
 * context the guards read the pattern from. A failure here after upgrading Nest means: re-read the ADR and the
 * server's `handle` before changing anything else. (The broker side, direct reply-to and per-message expiry, is
 * exercised by libs/platform/test/rabbitmq-rpc.int-spec.ts on a real RabbitMQ.)
 */
describe('Nest internals the RabbitMQ RPC server relies on', () => {
  class ProbeServer extends Server {
    listen(): void {}
    close(): void {}
    on(): void {}
    unwrap<T>(): T {
      return undefined as T;
    }
    handlerFor(pattern: string) {
      return this.getHandlerByPattern(pattern);
    }
    packetsOf(result: unknown): Promise<WritePacket[]> {
      const packets: WritePacket[] = [];
      return new Promise((resolve) => {
        this.send(this.transformToObservable(result), (packet: WritePacket) => {
          packets.push(packet);
          if (packet.isDisposed) resolve(packets);
        });
      });
    }
  }

  const server = new ProbeServer();
  const handler = () => (async () => 'ok') as MessageHandler;

  it('finds handlers by pattern and marks @EventPattern ones, which the server refuses as RPC', () => {
    server.addHandler('test.rpc', handler(), false);
    server.addHandler('test.event', handler(), true);
    expect(server.handlerFor('test.rpc')?.isEventHandler).toBe(false);
    expect(server.handlerFor('test.event')?.isEventHandler).toBe(true);
    expect(server.handlerFor('test.none')).toBeNull();
  });

  it('turns a value, a promise, an error and an empty stream into packets whose first one is the reply', async () => {
    await expect(server.packetsOf({ n: 1 })).resolves.toEqual([{ response: { n: 1 }, isDisposed: true }]);
    await expect(server.packetsOf(Promise.resolve(2))).resolves.toEqual([{ response: 2, isDisposed: true }]);
    const body = { code: 'NOT_FOUND', message: 'gone' };
    await expect(server.packetsOf(throwError(() => body))).resolves.toEqual([
      { err: body, isDisposed: true },
    ]);
    await expect(server.packetsOf(EMPTY)).resolves.toEqual([{ isDisposed: true }]);
    const stream = new Observable((subscriber) => {
      subscriber.next('first');
      subscriber.next('second');
      subscriber.complete();
    });
    const packets = await server.packetsOf(stream);
    expect(packets[0]).toEqual({ response: 'first' });
    // A handler that returns nothing: no `response` in the reply, which callers treat as "answered nothing".
    await expect(server.packetsOf(of(undefined))).resolves.toEqual([
      { response: undefined, isDisposed: true },
    ]);
  });

  it('gives guards the pattern through RmqContext([message, channel, pattern])', () => {
    const context = new RmqContext([{ content: Buffer.from('{}') }, {}, 'payments.authorize']);
    expect(context.getPattern()).toBe('payments.authorize');
    expect(rpcPatternOf(context)).toBe('payments.authorize');
    expect(context.getMessage()).toEqual({ content: Buffer.from('{}') });
  });
});

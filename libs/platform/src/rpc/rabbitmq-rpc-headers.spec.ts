import { randomUUID } from 'node:crypto';
import { Caller, RpcMeta } from '@bazaar/contracts';
import { BrokerRpcReadiness, BrokerRpcStatus } from './broker-rpc-readiness';
import { headersOf, metaOf } from './rabbitmq-rpc-headers';
import { rpcQueueOf, rpcTransportOf, rpcTransportOfEntry } from './rpc-transport';

describe('RPC meta in RabbitMQ headers', () => {
  const caller: Caller = { userId: randomUUID(), roles: ['admin'] };

  it('carries the request ID, the caller and the service token there and back', () => {
    const meta: RpcMeta = { requestId: 'req-1', caller, serviceToken: 'tok.en.sig' };
    const headers = headersOf(meta);
    expect(headers).toEqual({
      'x-request-id': 'req-1',
      'x-bazaar-caller': JSON.stringify(caller),
      authorization: 'Bearer tok.en.sig',
    });
    expect(metaOf(headers)).toEqual(meta);
  });

  it('reads header values amqplib hands over as Buffers', () => {
    const meta = metaOf({ 'x-request-id': Buffer.from('req-2'), authorization: Buffer.from('Bearer t') });
    expect(meta).toEqual({ requestId: 'req-2', serviceToken: 't' });
  });

  it('replaces a missing or malformed request ID and drops a malformed caller or authorization', () => {
    const meta = metaOf({
      'x-request-id': 'bad id\n',
      'x-bazaar-caller': '{not json',
      authorization: 'Basic abc',
    });
    expect(Object.keys(meta)).toEqual(['requestId']);
    expect(meta.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(metaOf(undefined).requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(
      metaOf({ 'x-bazaar-caller': JSON.stringify({ userId: 'nope', roles: [] }) }).caller,
    ).toBeUndefined();
  });
});

describe('rpcTransportOf', () => {
  it('puts a brokerRpc service on RabbitMQ only when RABBITMQ_URL is set', () => {
    const entry = { httpPort: 3106, rpcPort: 4106, brokerRpc: true } as const;
    expect(rpcTransportOfEntry(entry, { RABBITMQ_URL: 'amqp://localhost' })).toBe('rabbitmq');
    expect(rpcTransportOfEntry(entry, {})).toBe('tcp');
    expect(rpcTransportOfEntry(entry, { RABBITMQ_URL: '' })).toBe('tcp');
    expect(rpcTransportOfEntry({ httpPort: 3106, rpcPort: 4106 }, { RABBITMQ_URL: 'amqp://localhost' })).toBe(
      'tcp',
    );
  });

  it('keeps every service of the table without brokerRpc on TCP, broker or not', () => {
    expect(rpcTransportOf('catalog', { RABBITMQ_URL: 'amqp://localhost' })).toBe('tcp');
    expect(rpcTransportOf('identity', {})).toBe('tcp');
    expect(rpcQueueOf('catalog', {})).toBe('rpc.catalog');
    expect(rpcQueueOf('catalog', { CATALOG_RPC_QUEUE: 'rpc.catalog-blue' })).toBe('rpc.catalog-blue');
  });
});

describe('BrokerRpcReadiness', () => {
  it('is down until the server consumes its queue, with the reason', async () => {
    const status = new BrokerRpcStatus();
    const readiness = new BrokerRpcReadiness(status);
    await expect(readiness.check()).resolves.toEqual({
      up: false,
      details: { message: 'not connected yet' },
    });
    status.consuming = true;
    await expect(readiness.check()).resolves.toEqual({ up: true });
  });
});

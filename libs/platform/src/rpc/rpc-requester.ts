import { RpcEnvelope } from '@bazaar/contracts';
import type { RpcSystem } from './rpc-span';

/**
 * One request/reply round trip over some transport: what `RpcClient` needs from it. The Nest TCP client and the
 * RabbitMQ client both implement it; `createRpcClient` picks one per service (`rpcTransportOf`).
 */
export interface RpcRequester {
  /** The transport, as spans name it; Nest TCP when unsaid. */
  readonly system?: RpcSystem;
  /**
   * The remote's answer to `pattern`; rejects with the remote's error body (`{ code, message, details }`) as it
   * sent it, with `RpcTimeoutError` past `timeoutMs`, or with a transport error.
   */
  request<TResult>(pattern: string, envelope: RpcEnvelope<unknown>, timeoutMs: number): Promise<TResult>;
  /** Releases the transport; calls made after it fail. */
  close(): void | Promise<void>;
}

/** The remote did not answer within the call's time bound. */
export class RpcTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
    this.name = 'RpcTimeoutError';
  }
}

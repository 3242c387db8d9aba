import { IDEMPOTENT_READS, isErrorCode, RpcEnvelope } from '@bazaar/contracts';
import { InstancePool, PoolMember } from '@bazaar/discovery';
import { RpcRequester, RpcTimeoutError } from './rpc-requester';

/**
 * Request/reply over the instances of one service: each call goes to the pool's next member in turn. A call that
 * fails in transit (connection refused or closed under it, no answer in time) ejects that instance for the
 * pool's cool-down; if the call only reads (`IDEMPOTENT_READS`) and failed without waiting out its time bound, it is
 * sent once more to another instance. The remote's own errors (`{ code, message }`) are answers, not failures.
 */
export class BalancedRpcRequester implements RpcRequester {
  constructor(private readonly pool: InstancePool<RpcRequester>) {}

  request<TResult>(pattern: string, envelope: RpcEnvelope<unknown>, timeoutMs: number): Promise<TResult> {
    const member = this.pool.pick();
    if (!member) return this.afterLookup(pattern, envelope, timeoutMs);
    return member.client
      .request<TResult>(pattern, envelope, timeoutMs)
      .catch((error: unknown) => this.recover<TResult>(member, error, pattern, envelope, timeoutMs));
  }

  close(): Promise<void> {
    return this.pool.close();
  }

  private recover<TResult>(
    failed: PoolMember<RpcRequester>,
    error: unknown,
    pattern: string,
    envelope: RpcEnvelope<unknown>,
    timeoutMs: number,
  ): Promise<TResult> {
    // The remote's answers and transport errors go on to RpcClient as they came (it turns them into DomainErrors).
    /* eslint-disable @typescript-eslint/prefer-promise-reject-errors */
    if (isRemoteError(error)) return Promise.reject(error);
    this.pool.eject(failed, error);
    const retry =
      error instanceof RpcTimeoutError || !IDEMPOTENT_READS.has(pattern) ? undefined : this.pool.pick(failed);
    if (!retry) return Promise.reject(error);
    return retry.client.request<TResult>(pattern, envelope, timeoutMs).catch((second: unknown) => {
      if (!isRemoteError(second)) this.pool.eject(retry, second);
      return Promise.reject(second);
    });
    /* eslint-enable @typescript-eslint/prefer-promise-reject-errors */
  }

  /** No instance yet: the first answer of a registry (Consul) may still be on its way. */
  private async afterLookup<TResult>(
    pattern: string,
    envelope: RpcEnvelope<unknown>,
    timeoutMs: number,
  ): Promise<TResult> {
    await this.pool.whenKnown(timeoutMs);
    const member = this.pool.pick();
    if (!member) throw new NoInstanceError(this.pool.service);
    return member.client
      .request<TResult>(pattern, envelope, timeoutMs)
      .catch((error: unknown) => this.recover<TResult>(member, error, pattern, envelope, timeoutMs));
  }
}

/** Discovery knows no passing instance of the service. */
export class NoInstanceError extends Error {
  constructor(readonly service: string) {
    super(`no instance of ${service} is available`);
    this.name = 'NoInstanceError';
  }
}

function isRemoteError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && isErrorCode((error as { code?: unknown }).code);
}

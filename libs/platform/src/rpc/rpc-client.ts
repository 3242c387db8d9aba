import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { isErrorCode, RpcEnvelope, ServiceName } from '@bazaar/contracts';
import { Tracing } from '@bazaar/observability';
import { RequestContext } from '../context/request-context';
import { DomainError } from '../errors/domain-error';
import { RpcRequester, RpcTimeoutError } from './rpc-requester';
import { rpcClientAttributes } from './rpc-span';
import { spanOutcomeOfError } from './rpc-work';

export interface RpcCallOptions {
  /** Overrides the client's default timeout for this call. */
  timeoutMs?: number;
  /** Send without a service token: only for the patterns that hand tokens and keys out. */
  anonymous?: boolean;
}

/** Supplies the service token an outgoing call carries (client credentials from identity). */
export interface RpcCredentials {
  /** The token, directly when it is at hand (the usual case), or once it has been fetched. */
  serviceTokenFor(audience: ServiceName): string | undefined | Promise<string | undefined>;
}

/**
 * A client's default wait for an answer: a number, or a function read on each call, so that a live change of
 * RPC_TIMEOUT_MS (Consul KV) applies to the next call.
 */
export type RpcTimeout = number | (() => number);

export const timeoutOf = (timeout: RpcTimeout): number =>
  typeof timeout === 'function' ? timeout() : timeout;

/** Optional provider of `RpcCredentials`; when absent, calls carry no service token. */
export const RPC_CREDENTIALS = Symbol('RPC_CREDENTIALS');

/**
 * Request/response calls to one service: wraps the payload in an envelope carrying the request ID, the verified
 * caller and a service token, bounds the wait, and turns whatever comes back into a DomainError — the remote's own code, or SERVICE_UNAVAILABLE when
 * the service cannot be reached or does not answer in time.
 */
export class RpcClient {
  private readonly logger: Logger;

  constructor(
    readonly service: ServiceName,
    private readonly client: RpcRequester,
    private readonly timeoutMs: RpcTimeout,
    private readonly credentials?: RpcCredentials,
  ) {
    this.logger = new Logger(`RpcClient:${service}`);
  }

  // Not `async`: on the hot path (a cached service token) the call costs one promise, not a chain of them.
  send<TResult, TData = unknown>(
    pattern: string,
    data: TData,
    options: RpcCallOptions = {},
  ): Promise<TResult> {
    if (!Tracing.enabled) return this.sendNow(pattern, data, options);
    return Tracing.inSpan(
      pattern,
      {
        kind: 'client',
        attributes: rpcClientAttributes(this.client.system ?? 'nest-tcp', this.service, pattern),
        outcomeOfError: spanOutcomeOfError,
      },
      () => this.sendNow<TResult, TData>(pattern, data, options),
    );
  }

  private sendNow<TResult, TData>(pattern: string, data: TData, options: RpcCallOptions): Promise<TResult> {
    const timeoutMs = options.timeoutMs ?? timeoutOf(this.timeoutMs);
    const context = RequestContext.current();
    const envelope: RpcEnvelope<TData> = {
      // The trace context of this call's span, when tracing is on.
      meta: Tracing.inject({ requestId: context?.requestId ?? randomUUID() }),
      data,
    };
    if (context?.caller) envelope.meta.caller = context.caller;
    const call = (token: string | undefined): Promise<TResult> => {
      if (token) envelope.meta.serviceToken = token;
      return this.client
        .request<TResult>(pattern, envelope, timeoutMs)
        .catch((error: unknown) => Promise.reject(this.translate(pattern, error, timeoutMs)));
    };
    const token = options.anonymous ? undefined : this.credentials?.serviceTokenFor(this.service);
    return token instanceof Promise ? token.then(call) : call(token);
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  private translate(pattern: string, error: unknown, timeoutMs: number): DomainError {
    if (isRemoteError(error)) return new DomainError(error.code, error.message, error.details);
    if (error instanceof RpcTimeoutError) {
      this.logger.warn({ pattern, timeoutMs, msg: `${this.service} did not answer in time` });
      return new DomainError('SERVICE_UNAVAILABLE', `The ${this.service} service did not answer in time.`);
    }
    this.logger.warn({ pattern, err: error, msg: `${this.service} is unreachable` });
    return new DomainError('SERVICE_UNAVAILABLE', `The ${this.service} service is unavailable.`);
  }
}

function isRemoteError(
  error: unknown,
): error is { code: DomainError['code']; message: string; details?: Record<string, unknown> } {
  if (typeof error !== 'object' || error === null) return false;
  const candidate = error as { code?: unknown; message?: unknown };
  return isErrorCode(candidate.code) && typeof candidate.message === 'string';
}

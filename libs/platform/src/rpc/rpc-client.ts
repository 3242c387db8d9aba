import { Logger } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import { randomUUID } from 'node:crypto';
import { lastValueFrom, timeout, TimeoutError } from 'rxjs';
import { isErrorCode, RpcEnvelope, ServiceName } from '@bazaar/contracts';
import { RequestContext } from '../context/request-context';
import { DomainError } from '../errors/domain-error';

export interface RpcCallOptions {
  /** Overrides the client's default timeout for this call. */
  timeoutMs?: number;
  /** Send without a service token: only for the patterns that hand tokens and keys out. */
  anonymous?: boolean;
}

/** Supplies the service token an outgoing call carries (client credentials from identity). */
export interface RpcCredentials {
  serviceTokenFor(audience: ServiceName): Promise<string | undefined>;
}

/** Optional provider of `RpcCredentials`; when absent, calls carry no service token. */
export const RPC_CREDENTIALS = Symbol('RPC_CREDENTIALS');

/**
 * Request/response calls to one service: wraps the payload in an envelope carrying the request ID, the verified
 * caller and a service token, bounds the
 * wait, and turns whatever comes back into a DomainError — the remote's own code, or SERVICE_UNAVAILABLE when
 * the service cannot be reached or does not answer in time.
 */
export class RpcClient {
  private readonly logger: Logger;

  constructor(
    readonly service: ServiceName,
    private readonly proxy: ClientProxy,
    private readonly timeoutMs: number,
    private readonly credentials?: RpcCredentials,
  ) {
    this.logger = new Logger(`RpcClient:${service}`);
  }

  async send<TResult, TData = unknown>(
    pattern: string,
    data: TData,
    options: RpcCallOptions = {},
  ): Promise<TResult> {
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    const context = RequestContext.current();
    const envelope: RpcEnvelope<TData> = {
      meta: { requestId: context?.requestId ?? randomUUID() },
      data,
    };
    if (context?.caller) envelope.meta.caller = context.caller;
    if (!options.anonymous && this.credentials) {
      const token = await this.credentials.serviceTokenFor(this.service);
      if (token) envelope.meta.serviceToken = token;
    }
    try {
      return await lastValueFrom(
        this.proxy.send<TResult, RpcEnvelope<TData>>(pattern, envelope).pipe(timeout(timeoutMs)),
      );
    } catch (error) {
      throw this.translate(pattern, error, timeoutMs);
    }
  }

  close(): Promise<void> {
    return this.proxy.close() as Promise<void>;
  }

  private translate(pattern: string, error: unknown, timeoutMs: number): DomainError {
    if (isRemoteError(error)) return new DomainError(error.code, error.message, error.details);
    if (error instanceof TimeoutError) {
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

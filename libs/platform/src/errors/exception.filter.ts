import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Observable, throwError } from 'rxjs';
import type { Metadata } from '@grpc/grpc-js';
import { RpcErrorBody } from '@bazaar/contracts';
import { RequestContext } from '../context/request-context';
import { GRPC_META, grpcMetadataOf, rpcMetaOf } from '../rpc/rpc-meta';
import { isEventDelivery } from '../rpc/event-delivery';
import { DomainError } from './domain-error';
import { grpcStatusOf } from './grpc-status';
import { grpcJs } from '../rpc/grpc-runtime';
import { PROBLEM_CONTENT_TYPE, problemFromError } from './problem';

/**
 * The single place where errors leave a process. Over HTTP: an RFC 9457 problem+json body. Over RPC: a plain
 * `{ code, message, details }` body the caller's RpcClient turns back into a DomainError. Unexpected errors are
 * logged in full here and leave as a generic INTERNAL error: no stack trace crosses a process boundary.
 */
@Catch()
export class PlatformExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void | Observable<never> {
    if (host.getType() === 'rpc') return this.catchRpc(exception, host);
    this.catchHttp(exception, host);
  }

  private catchHttp(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const body = problemFromError(exception, request.url, String(request.id));
    this.log(exception, body.status, { method: request.method, url: request.url });
    // An error must never be cached under the URL of the resource that failed.
    void reply
      .status(body.status)
      .header('content-type', PROBLEM_CONTENT_TYPE)
      .header('cache-control', 'no-store')
      .send(body);
  }

  private catchRpc(exception: unknown, host: ArgumentsHost): Observable<never> {
    // An event handler's error stays in the process: the bus transport logs it with the event and records the
    // real reason on the retry or the dead letter.
    if (isEventDelivery(host.switchToRpc().getContext())) return throwError(() => exception);
    const requestId = rpcMetaOf(host).requestId;
    const body = toRpcErrorBody(exception);
    // Filters run outside the interceptor that set the request context, so re-enter it for this log line.
    RequestContext.run({ requestId: RequestContext.acceptOrCreate(requestId) }, () =>
      this.log(exception, body.code === 'INTERNAL' ? 500 : 400, { code: body.code }),
    );
    if (grpcMetadataOf(host)) return throwError(() => toGrpcError(body));
    return throwError(() => body);
  }

  private log(exception: unknown, status: number, fields: Record<string, unknown>): void {
    if (status >= 500) {
      this.logger.error({ ...fields, err: exception, msg: 'request failed' });
    } else {
      const message = exception instanceof Error ? exception.message : String(exception);
      this.logger.debug({ ...fields, status, msg: message });
    }
  }
}

function toRpcErrorBody(exception: unknown): RpcErrorBody {
  if (exception instanceof DomainError) {
    return { code: exception.code, message: exception.message, details: exception.details };
  }
  if (exception instanceof RpcException) {
    const error = exception.getError();
    if (error instanceof DomainError) return toRpcErrorBody(error);
  }
  return { code: 'INTERNAL', message: 'An unexpected error occurred.' };
}

/**
 * A gRPC error: the status for the code, the message as its details, and the whole domain error as JSON in the
 * trailing metadata, so a Bazaar caller recovers the exact code and details (e.g. the short lines of a
 * reservation) while any other gRPC client still gets a standard status.
 */
function toGrpcError(body: RpcErrorBody): { code: number; details: string; metadata: Metadata } {
  const metadata = new (grpcJs().Metadata)();
  metadata.set(GRPC_META.error, JSON.stringify(body));
  return { code: grpcStatusOf(body.code), details: body.message, metadata };
}

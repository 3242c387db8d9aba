import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Observable } from 'rxjs';
import { Tracing } from '@bazaar/observability';
import { callerFrom, RequestContext, RequestContextData } from '../context/request-context';
import { DomainError } from '../errors/domain-error';
import { isEventDelivery } from './event-delivery';
import { rpcMetaOf } from './rpc-meta';
import { startRpcServerSpan } from './rpc-span';
import { rpcPatternOf } from './rpc-pattern';
import { RpcWork } from './rpc-work';

/**
 * Around every gRPC handler: enter the caller's request context (so logs carry its request ID) and account for
 * the call with `RpcWork`. The bootstrap installs it on gRPC services only; the TCP server does the same work
 * itself, and the event servers account for their deliveries.
 */
@Injectable()
export class RpcContextInterceptor implements NestInterceptor {
  constructor(private readonly work: RpcWork) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'rpc') return next.handle();
    const transportContext: unknown = context.switchToRpc().getContext();
    if (isEventDelivery(transportContext)) return next.handle();
    const meta = rpcMetaOf(context);
    const requestContext: RequestContextData = { requestId: RequestContext.acceptOrCreate(meta.requestId) };
    const caller = callerFrom(meta.caller);
    if (caller) requestContext.caller = caller;
    const pattern =
      rpcPatternOf(transportContext) ?? `${context.getClass().name}.${context.getHandler().name}`;

    return new Observable((subscriber) => {
      const span = startRpcServerSpan(
        grpcMethodOf(context) ?? pattern,
        'grpc',
        meta,
        requestContext.requestId,
      );
      const finish = this.work.begin(pattern, requestContext, span);
      const subscription = Tracing.within(span, () =>
        RequestContext.run(requestContext, () =>
          next.handle().subscribe({
            next: (value) => subscriber.next(value),
            error: (error: unknown) => {
              finish(error instanceof DomainError ? error.code : 'INTERNAL');
              subscriber.error(error);
            },
            complete: () => {
              finish('ok');
              subscriber.complete();
            },
          }),
        ),
      );
      return () => {
        subscription.unsubscribe();
        finish('cancelled');
      };
    });
  }
}

/**
 * `InventoryService/Reserve` from the call's path (`/bazaar.inventory.v1.InventoryService/Reserve`): the name the
 * calling side's span has, rather than the controller method's.
 */
function grpcMethodOf(context: ExecutionContext): string | undefined {
  const call = context.getArgByIndex<{ getPath?: () => string } | undefined>(2);
  const path = typeof call?.getPath === 'function' ? call.getPath() : undefined;
  return path ? path.slice(path.lastIndexOf('.') + 1) : undefined;
}

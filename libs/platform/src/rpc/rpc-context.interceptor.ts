import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Observable } from 'rxjs';
import { callerFrom, RequestContext, RequestContextData } from '../context/request-context';
import { DomainError } from '../errors/domain-error';
import { isEventDelivery } from './event-delivery';
import { rpcMetaOf } from './rpc-meta';
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
      const finish = this.work.begin(pattern, requestContext);
      const subscription = RequestContext.run(requestContext, () =>
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
      );
      return () => {
        subscription.unsubscribe();
        finish('cancelled');
      };
    });
  }
}

import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Observable } from 'rxjs';
import { RpcEnvelope } from '@bazaar/contracts';
import { RpcMetrics } from '@bazaar/metrics';
import { RequestContext } from '../context/request-context';
import { DomainError } from '../errors/domain-error';
import { LifecycleService } from '../lifecycle/lifecycle.service';

/**
 * Around every RPC handler: enter the caller's request context (so logs carry its request ID), count the
 * work as in flight for graceful shutdown, and record its duration by pattern and outcome.
 */
@Injectable()
export class RpcContextInterceptor implements NestInterceptor {
  constructor(
    private readonly lifecycle: LifecycleService,
    private readonly metrics: RpcMetrics,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'rpc') return next.handle();
    const rpc = context.switchToRpc();
    const envelope = rpc.getData<Partial<RpcEnvelope<unknown>> | undefined>();
    const requestId = RequestContext.acceptOrCreate(envelope?.meta?.requestId);
    const pattern = patternOf(rpc.getContext(), context);

    return new Observable((subscriber) => {
      const leave = this.lifecycle.enter();
      const stopTimer = this.metrics.startTimer(pattern);
      const subscription = RequestContext.run({ requestId }, () =>
        next.handle().subscribe({
          next: (value) => subscriber.next(value),
          error: (error: unknown) => {
            stopTimer(error instanceof DomainError ? error.code : 'INTERNAL');
            leave();
            subscriber.error(error);
          },
          complete: () => {
            stopTimer('ok');
            leave();
            subscriber.complete();
          },
        }),
      );
      return () => {
        subscription.unsubscribe();
        leave();
      };
    });
  }
}

function patternOf(transportContext: unknown, context: ExecutionContext): string {
  const withPattern = transportContext as { getPattern?: () => unknown } | undefined;
  const pattern = typeof withPattern?.getPattern === 'function' ? withPattern.getPattern() : undefined;
  if (typeof pattern === 'string') {
    // Nest serializes string patterns as JSON strings on some transports.
    return pattern.startsWith('"') ? (JSON.parse(pattern) as string) : pattern;
  }
  return `${context.getClass().name}.${context.getHandler().name}`;
}

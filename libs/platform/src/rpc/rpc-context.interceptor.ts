import { CallHandler, ExecutionContext, Inject, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import { Observable } from 'rxjs';
import { PLATFORM_PATTERNS, RpcMeta } from '@bazaar/contracts';
import { RpcMetrics } from '@bazaar/metrics';
import { callerFrom, RequestContext } from '../context/request-context';
import { DomainError } from '../errors/domain-error';
import { LifecycleService } from '../lifecycle/lifecycle.service';
import { PlatformConfig } from '../config/platform-config';
import { APP_CONFIG } from '../platform.tokens';
import { isEventDelivery } from './event-delivery';
import { rpcMetaOf } from './rpc-meta';
import { rpcPatternOf } from './rpc-pattern';

/**
 * Around every RPC handler: enter the caller's request context (so logs carry its request ID), count the
 * work as in flight for graceful shutdown, record its duration by pattern and outcome, and log one line.
 */
@Injectable()
export class RpcContextInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Rpc');

  constructor(
    private readonly lifecycle: LifecycleService,
    private readonly metrics: RpcMetrics,
    @Inject(APP_CONFIG) private readonly config: PlatformConfig,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'rpc') return next.handle();
    const rpc = context.switchToRpc();
    const transportContext: unknown = rpc.getContext();
    const meta: Partial<RpcMeta> = isEventDelivery(transportContext) ? {} : rpcMetaOf(context);
    const requestId = RequestContext.acceptOrCreate(
      isEventDelivery(transportContext) ? transportContext.getCorrelationId() : meta.requestId,
    );
    const caller = callerFrom(meta.caller);
    const pattern = patternOf(transportContext, context);

    return new Observable((subscriber) => {
      const leave = this.lifecycle.enter();
      const stopTimer = this.metrics.startTimer(pattern);
      const startedAt = process.hrtime.bigint();
      const finish = (outcome: string) => {
        stopTimer(outcome);
        leave();
        // Readiness pings arrive every few seconds from every caller: metrics only, no log line.
        if (this.config.LOG_REQUESTS && pattern !== PLATFORM_PATTERNS.ping) {
          const durationMs = Math.round(Number(process.hrtime.bigint() - startedAt) / 1e5) / 10;
          this.logger.log({ msg: 'rpc handled', pattern, outcome, durationMs });
        }
      };
      const subscription = RequestContext.run({ requestId, caller }, () =>
        next.handle().subscribe({
          next: (value) => subscriber.next(value),
          error: (error: unknown) => {
            RequestContext.run({ requestId, caller }, () =>
              finish(error instanceof DomainError ? error.code : 'INTERNAL'),
            );
            subscriber.error(error);
          },
          complete: () => {
            RequestContext.run({ requestId, caller }, () => finish('ok'));
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
  return rpcPatternOf(transportContext) ?? `${context.getClass().name}.${context.getHandler().name}`;
}

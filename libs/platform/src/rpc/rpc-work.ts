import { Inject, Injectable, Logger } from '@nestjs/common';
import { ERROR_CATALOG, PLATFORM_PATTERNS } from '@bazaar/contracts';
import { SpanOutcome, TraceScope } from '@bazaar/observability';
import { RpcMetrics } from '@bazaar/metrics';
import { RequestContext, RequestContextData } from '../context/request-context';
import { LifecycleService } from '../lifecycle/lifecycle.service';
import { PlatformConfig } from '../config/platform-config';
import { APP_CONFIG } from '../platform.tokens';

/** The outcome of a reply carrying `err`: the error code the platform's exception filter put there, or INTERNAL. */
export function outcomeOfError(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'INTERNAL';
}

/**
 * An outcome as a span records it: failed when it is the server's fault (a 5xx code or one it does not know), not
 * for a refusal the caller can act on (not found, declined, conflict).
 */
export function spanOutcomeOf(outcome: string): SpanOutcome {
  if (outcome === 'ok') return { outcome, failed: false };
  const status = (ERROR_CATALOG as Record<string, { status: number } | undefined>)[outcome]?.status;
  return { outcome, failed: status === undefined || status >= 500 };
}

/** The outcome of an error a call rejected with: its domain error code when it has one. */
export function spanOutcomeOfError(error: unknown): SpanOutcome {
  const code = (error as { code?: unknown } | null)?.code;
  return spanOutcomeOf(typeof code === 'string' && code in ERROR_CATALOG ? code : 'INTERNAL');
}

/** Ends one unit of RPC work with its outcome: `ok` or an error code. Calling it again does nothing. */
export type FinishRpcWork = (outcome: string) => void;

/**
 * What every incoming RPC or event delivery is accounted for, whichever transport carried it: counted in flight
 * (graceful shutdown waits for it), timed by pattern and outcome, and logged as one line in its request context.
 */
@Injectable()
export class RpcWork {
  private readonly logger = new Logger('Rpc');

  constructor(
    private readonly lifecycle: LifecycleService,
    private readonly metrics: RpcMetrics,
    @Inject(APP_CONFIG) private readonly config: PlatformConfig,
  ) {}

  /** `span`: the handler's span, when tracing is on; ended here with the outcome. */
  begin(pattern: string, context: RequestContextData, span?: TraceScope): FinishRpcWork {
    const leave = this.lifecycle.enter();
    const stopTimer = this.metrics.startTimer(pattern);
    const startedAt = process.hrtime.bigint();
    let finished = false;
    return (outcome) => {
      if (finished) return;
      finished = true;
      stopTimer(outcome);
      span?.end(spanOutcomeOf(outcome));
      leave();
      // Readiness pings arrive every few seconds from every caller: metrics only, no log line.
      if (this.config.LOG_REQUESTS && pattern !== PLATFORM_PATTERNS.ping) {
        const durationMs = Math.round(Number(process.hrtime.bigint() - startedAt) / 1e5) / 10;
        RequestContext.run(context, () =>
          this.logger.log({ msg: 'rpc handled', pattern, outcome, durationMs }),
        );
      }
    };
  }
}

import { Inject, Injectable, Logger } from '@nestjs/common';
import { PLATFORM_PATTERNS } from '@bazaar/contracts';
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

  begin(pattern: string, context: RequestContextData): FinishRpcWork {
    const leave = this.lifecycle.enter();
    const stopTimer = this.metrics.startTimer(pattern);
    const startedAt = process.hrtime.bigint();
    let finished = false;
    return (outcome) => {
      if (finished) return;
      finished = true;
      stopTimer(outcome);
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

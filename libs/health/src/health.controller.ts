import { Controller, Get, HttpStatus, Inject, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import { READINESS_INDICATORS, ReadinessIndicator } from './readiness-indicator';

const CHECK_TIMEOUT_MS = 2_000;

/**
 * `/health/live`: the process answers (an orchestrator restarts it when not).
 * `/health/ready`: every dependency is usable (an orchestrator stops routing to it when not) — 503 with details.
 */
@ApiExcludeController()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    @Inject(READINESS_INDICATORS) private readonly indicators: ReadinessIndicator[],
  ) {}

  @Get('live')
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck()
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthCheckResult> {
    try {
      return await this.health.check(this.indicators.map((indicator) => () => this.run(indicator)));
    } catch (error) {
      // Terminus reports "not ready" as an exception; answer its report as-is, not as a generic error.
      if (error instanceof ServiceUnavailableException) {
        void reply.status(HttpStatus.SERVICE_UNAVAILABLE);
        return error.getResponse() as HealthCheckResult;
      }
      throw error;
    }
  }

  private async run(indicator: ReadinessIndicator) {
    const session = this.indicator.check(indicator.name);
    const result = await withTimeout(indicator.check(), CHECK_TIMEOUT_MS);
    return result.up ? session.up(result.details) : session.down(result.details);
  }
}

async function withTimeout<T extends { up: boolean }>(
  work: Promise<T>,
  ms: number,
): Promise<T | { up: false; details: Record<string, unknown> }> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<{ up: false; details: Record<string, unknown> }>((resolve) => {
    timer = setTimeout(() => resolve({ up: false, details: { message: `no answer within ${ms} ms` } }), ms);
  });
  try {
    return await Promise.race([work, timedOut]);
  } catch (error) {
    return { up: false, details: { message: error instanceof Error ? error.message : String(error) } };
  } finally {
    clearTimeout(timer);
  }
}

import { Injectable } from '@nestjs/common';
import { ReadinessIndicator, ReadinessResult } from '@bazaar/health';
import { LifecycleService } from './lifecycle.service';

/** Readiness turns 503 the moment shutdown begins, before anything stops, so traffic drains away first. */
@Injectable()
export class ShutdownReadiness implements ReadinessIndicator {
  readonly name = 'lifecycle';

  constructor(private readonly lifecycle: LifecycleService) {}

  check(): Promise<ReadinessResult> {
    return Promise.resolve(
      this.lifecycle.isShuttingDown ? { up: false, details: { message: 'shutting down' } } : { up: true },
    );
  }
}

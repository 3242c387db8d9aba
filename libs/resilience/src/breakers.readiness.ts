import { ReadinessIndicator, ReadinessResult } from '@bazaar/health';
import { Injectable } from '@nestjs/common';
import { BreakerRegistry } from './breaker-registry';

/**
 * Breaker states in `/health/ready` details. Always up: an open breaker means a dependency is failing, and the
 * service still answers (fast, through the fallback); taking it out of rotation would only add an outage.
 */
@Injectable()
export class BreakersReadiness implements ReadinessIndicator {
  readonly name = 'breakers';

  constructor(private readonly registry: BreakerRegistry) {}

  check(): Promise<ReadinessResult> {
    const details = Object.fromEntries(this.registry.snapshots().map((b) => [b.name, b.state]));
    return Promise.resolve({ up: true, details });
  }
}

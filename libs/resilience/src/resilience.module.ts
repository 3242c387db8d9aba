import { Global, Module } from '@nestjs/common';
import { BreakerMetrics, breakerMetricProviders } from './breaker-metrics';
import { BreakerRegistry } from './breaker-registry';
import { BreakersReadiness } from './breakers.readiness';

/** The breaker registry, its metrics and its readiness details; import once, in the app module. */
@Global()
@Module({
  providers: [...breakerMetricProviders, BreakerMetrics, BreakerRegistry, BreakersReadiness],
  exports: [BreakerRegistry, BreakersReadiness],
})
export class ResilienceModule {}

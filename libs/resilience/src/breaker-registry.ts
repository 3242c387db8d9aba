import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { BreakerMetrics } from './breaker-metrics';
import { policyProblems, ResiliencePolicy } from './resilience-policy';
import { Action, BreakerSnapshot, BreakerState, ResilientCall, ResilientCallOptions } from './resilient-call';

/**
 * Every ResilientCall of the process, by dependency name: one breaker per dependency, its metrics wired, its
 * transitions logged, its state listed for readiness and the admin API.
 */
@Injectable()
export class BreakerRegistry implements OnModuleDestroy {
  private readonly logger = new Logger('CircuitBreaker');
  private readonly calls = new Map<string, ResilientCall<never[], unknown>>();

  constructor(private readonly metrics: BreakerMetrics) {}

  create<TArgs extends unknown[], TResult>(
    name: string,
    policy: ResiliencePolicy,
    action: Action<TArgs, TResult>,
    options: Omit<ResilientCallOptions<TResult>, 'observer'>,
  ): ResilientCall<TArgs, TResult> {
    if (this.calls.has(name)) throw new Error(`a breaker named "${name}" exists already`);
    const problems = policyProblems(policy);
    if (problems.length) throw new Error(`breaker "${name}": ${problems.join('; ')}`);
    const call = new ResilientCall(name, policy, action, {
      ...options,
      observer: {
        state: (dependency, state) => {
          this.metrics.state(dependency, state);
          this.logTransition(dependency, state, this.calls.get(dependency)?.currentPolicy ?? policy);
        },
        event: (dependency, event) => this.metrics.event(dependency, event),
        finished: (dependency, outcome, seconds) => this.metrics.finished(dependency, outcome, seconds),
      },
    });
    this.calls.set(name, call as unknown as ResilientCall<never[], unknown>);
    return call;
  }

  snapshots(): BreakerSnapshot[] {
    return [...this.calls.values()].map((call) => call.snapshot());
  }

  onModuleDestroy(): void {
    for (const call of this.calls.values()) call.shutdown();
  }

  private logTransition(name: string, state: BreakerState, policy: ResiliencePolicy): void {
    if (state === 'open')
      this.logger.warn({ breaker: name, state, probeInMs: policy.resetTimeoutMs }, 'circuit breaker opened');
    else if (state === 'half-open')
      this.logger.log({ breaker: name, state }, 'circuit breaker half-open: one probe');
    else if (this.calls.has(name)) this.logger.log({ breaker: name, state }, 'circuit breaker closed');
  }
}

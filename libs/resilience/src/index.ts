export * from './breaker-metrics';
export * from './breaker-registry';
export * from './breakers.readiness';
export * from './failures';
export * from './resilience-policy';
export * from './resilience.module';
export * from './resilient-call';

export * from './service-instance';
export * from './service-registry';
export * from './balancing/instance-pool';
export * from './static/static-registry';
export * from './consul/consul-registry';
export * from './consul/consul-client';
export * from './discovery-metrics';
export * from './discovery.tokens';

import { Injectable, Logger } from '@nestjs/common';
import { InjectMetric, makeCounterProvider, makeGaugeProvider } from '@willsoto/nestjs-prometheus';
import { Counter, Gauge } from 'prom-client';
import type { ServiceName } from '@bazaar/contracts';
import type { PoolObserver } from './balancing/instance-pool';
import type { RegistryObserver } from './consul/consul-registry';

const REGISTRY_UP = 'discovery_registry_up';
const INSTANCES = 'discovery_instances';
const EJECTIONS = 'discovery_ejections_total';

export const discoveryMetricProviders = [
  makeGaugeProvider({
    name: REGISTRY_UP,
    help: 'Whether the service registry (Consul) answers: 1 yes, 0 no (calls then go to the last known instances)',
  }),
  makeGaugeProvider({
    name: INSTANCES,
    help: 'Instances of each called service this process spreads its calls over',
    labelNames: ['target'],
  }),
  makeCounterProvider({
    name: EJECTIONS,
    help: 'Instances taken out of rotation for a cool-down after a call to them failed in transit, by called service',
    labelNames: ['target'],
  }),
];

/** Discovery on `/metrics` and in the logs: Consul reachability, instances per called service, ejections. */
@Injectable()
export class DiscoveryMetrics implements PoolObserver, RegistryObserver {
  private readonly logger = new Logger('Discovery');

  constructor(
    @InjectMetric(REGISTRY_UP) private readonly registryUp: Gauge<string>,
    @InjectMetric(INSTANCES) private readonly instances: Gauge<string>,
    @InjectMetric(EJECTIONS) private readonly ejections: Counter<string>,
  ) {
    registryUp.set(1);
  }

  registryReachable(reachable: boolean, error?: unknown): void {
    this.registryUp.set(reachable ? 1 : 0);
    if (reachable) this.logger.log({ msg: 'Consul answers again' });
    else
      this.logger.warn({
        msg: 'Consul is unreachable: calls keep going to the last known instances',
        err: error,
      });
  }

  instancesChanged(service: ServiceName, addresses: string[]): void {
    this.instances.set({ target: service }, addresses.length);
    const log = { msg: `instances of ${service}`, target: service, instances: addresses };
    if (addresses.length === 0) this.logger.warn({ ...log, msg: `no passing instance of ${service}` });
    else this.logger.log(log);
  }

  ejected(service: ServiceName, address: string, error: unknown): void {
    this.ejections.inc({ target: service });
    this.logger.warn({
      msg: `${service} at ${address} failed a call: out of rotation for a cool-down`,
      target: service,
      instance: address,
      err: error,
    });
  }
}

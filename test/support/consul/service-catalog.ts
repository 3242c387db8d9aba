import { BlockingIndex } from './blocking-index';
import { formatDuration } from './duration';
import type { CheckDefinition, CheckStatus, ServiceDefinition } from './service-definition';

/** The one node the test server plays (a dev agent is its own single-node cluster). */
export const NODE = {
  ID: '7b1e4f0c-3c1d-4c8e-9a52-6f0d2b1a9e11',
  Node: 'bazaar-consul-test',
  Address: '127.0.0.1',
  Datacenter: 'dc1',
  TaggedAddresses: { lan: '127.0.0.1', lan_ipv4: '127.0.0.1', wan: '127.0.0.1', wan_ipv4: '127.0.0.1' },
  Meta: { 'consul-network-segment': '' },
  CreateIndex: 1,
  ModifyIndex: 1,
};

/** The node's own check, which every health answer carries next to the service's checks. */
const SERF_HEALTH = {
  Node: NODE.Node,
  CheckID: 'serfHealth',
  Name: 'Serf Health Status',
  Status: 'passing',
  Notes: '',
  Output: 'Agent alive and reachable',
  ServiceID: '',
  ServiceName: '',
  ServiceTags: [],
  Type: '',
  Interval: '',
  Timeout: '',
  ExposedPort: 0,
  Definition: {},
  CreateIndex: 1,
  ModifyIndex: 1,
};

export interface ServiceRecord {
  definition: ServiceDefinition;
  createIndex: number;
  modifyIndex: number;
}

export interface CheckRecord {
  definition: CheckDefinition;
  serviceId: string;
  status: CheckStatus;
  output: string;
  /** When the check last turned critical (for DeregisterCriticalServiceAfter); undefined while not critical. */
  criticalSince?: number;
  createIndex: number;
  modifyIndex: number;
}

/**
 * The services registered on the agent and their checks, with the indexes Consul's health endpoints report: each
 * service name has an index of its own that moves when one of its instances is registered, replaced or
 * deregistered, or when one of their checks changes status; a name never seen reports the index of the last change
 * to any service.
 */
export class ServiceCatalog {
  readonly services = new Map<string, ServiceRecord>();
  readonly checks = new Map<string, CheckRecord>();
  private readonly nameIndex = new Map<string, number>();
  private anyServiceIndex = 1;

  constructor(private readonly raft: BlockingIndex) {}

  /** Registers, or replaces the service with the same ID; a check that keeps its ID keeps its status. */
  register(definition: ServiceDefinition): void {
    this.raft.commit((index) => {
      const previous = this.services.get(definition.id);
      const previousChecks = new Map(
        this.checksOf(definition.id).map((check) => [check.definition.checkId, check]),
      );
      for (const checkId of previousChecks.keys()) this.checks.delete(checkId);
      this.services.set(definition.id, {
        definition,
        createIndex: previous?.createIndex ?? index,
        modifyIndex: index,
      });
      for (const check of definition.checks) {
        const kept = previousChecks.get(check.checkId);
        const status = kept?.status ?? check.initialStatus;
        this.checks.set(check.checkId, {
          definition: check,
          serviceId: definition.id,
          status,
          output: kept?.output ?? '',
          criticalSince: status === 'critical' ? (kept?.criticalSince ?? Date.now()) : undefined,
          createIndex: kept?.createIndex ?? index,
          modifyIndex: index,
        });
      }
      if (previous) this.nameIndex.set(previous.definition.name, index);
      this.nameIndex.set(definition.name, index);
      this.anyServiceIndex = index;
    });
  }

  /** Removes a service and its checks; false when the agent has no service with that ID. */
  deregister(serviceId: string): boolean {
    const service = this.services.get(serviceId);
    if (!service) return false;
    this.raft.commit((index) => {
      for (const check of this.checksOf(serviceId)) this.checks.delete(check.definition.checkId);
      this.services.delete(serviceId);
      this.nameIndex.set(service.definition.name, index);
      this.anyServiceIndex = index;
    });
    return true;
  }

  /** Records a check result; only a change of status is a write (Consul syncs output-only changes lazily). */
  updateCheck(checkId: string, status: CheckStatus, output: string): void {
    const check = this.checks.get(checkId);
    if (!check || check.status === status) return;
    const service = this.services.get(check.serviceId);
    this.raft.commit((index) => {
      check.status = status;
      check.output = output;
      check.criticalSince = status === 'critical' ? Date.now() : undefined;
      check.modifyIndex = index;
      if (service) this.nameIndex.set(service.definition.name, index);
    });
  }

  checksOf(serviceId: string): CheckRecord[] {
    return [...this.checks.values()].filter((check) => check.serviceId === serviceId);
  }

  /** The index `/v1/health/service/:name` and `/v1/health/checks/:name` report for a service name. */
  indexOf(serviceName: string): number {
    return this.nameIndex.get(serviceName) ?? this.anyServiceIndex;
  }

  instancesOf(serviceName: string): ServiceRecord[] {
    return [...this.services.values()]
      .filter((service) => service.definition.name === serviceName)
      .sort((a, b) => a.definition.id.localeCompare(b.definition.id));
  }

  /** `GET /v1/health/service/:name`: one entry per instance, with the node, the service and all their checks. */
  healthOf(serviceName: string, filter: { passing: boolean; tags: string[] }): unknown[] {
    return this.instancesOf(serviceName)
      .filter((service) => filter.tags.every((tag) => service.definition.tags.includes(tag)))
      .map((service) => ({ service, checks: this.checksOf(service.definition.id) }))
      .filter(({ checks }) => !filter.passing || checks.every((check) => check.status === 'passing'))
      .map(({ service, checks }) => ({
        Node: NODE,
        Service: serviceJson(service),
        Checks: [SERF_HEALTH, ...checks.map((check) => checkJson(check, service))],
      }));
  }

  /** `GET /v1/health/checks/:name`: the checks of every instance of the service. */
  checksJsonOf(serviceName: string): unknown[] {
    return this.instancesOf(serviceName).flatMap((service) =>
      this.checksOf(service.definition.id).map((check) => checkJson(check, service)),
    );
  }

  /** `GET /v1/agent/services`: the agent's services by ID. */
  agentServicesJson(): Record<string, unknown> {
    const services: Record<string, unknown> = {};
    for (const service of this.services.values()) {
      // The agent's view of its services has no Raft indexes.
      const agentView = serviceJson(service);
      delete agentView.CreateIndex;
      delete agentView.ModifyIndex;
      services[service.definition.id] = { ...agentView, Datacenter: NODE.Datacenter };
    }
    return services;
  }
}

function serviceJson(service: ServiceRecord): Record<string, unknown> {
  const { definition } = service;
  return {
    ID: definition.id,
    Service: definition.name,
    Tags: definition.tags,
    // Empty when the registration gave none: Consul's clients then use the node's address.
    Address: definition.address,
    Meta: definition.meta,
    Port: definition.port,
    Weights: { Passing: 1, Warning: 1 },
    EnableTagOverride: definition.enableTagOverride,
    CreateIndex: service.createIndex,
    ModifyIndex: service.modifyIndex,
  };
}

function checkJson(check: CheckRecord, service: ServiceRecord): Record<string, unknown> {
  const { definition } = check;
  return {
    Node: NODE.Node,
    CheckID: definition.checkId,
    Name: definition.name,
    Status: check.status,
    Notes: definition.notes,
    Output: check.output,
    ServiceID: service.definition.id,
    ServiceName: service.definition.name,
    ServiceTags: service.definition.tags,
    Type: definition.kind.type,
    Interval: definition.kind.type === 'http' ? formatDuration(definition.kind.intervalMs) : '',
    Timeout: definition.kind.type === 'http' ? formatDuration(definition.kind.timeoutMs) : '',
    ExposedPort: 0,
    Definition: {},
    CreateIndex: check.createIndex,
    ModifyIndex: check.modifyIndex,
  };
}

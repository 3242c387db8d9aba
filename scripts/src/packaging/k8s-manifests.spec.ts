import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { envPrefix, SERVICES, ServiceEntry } from '@bazaar/contracts';
import { appNames, ROOT } from './repo-files';
import {
  bytes,
  Container,
  K8S_DIR,
  loadManifests,
  Manifest,
  manifestFiles,
  PodSpec,
  Probe,
  selects,
  validateWithSchemas,
} from './k8s-manifests';

/** The most RSS any service reached after load in `npm run bench:footprint` (bench/README.md): 176 MiB. */
const MEASURED_PEAK_RSS = 176 * 2 ** 20;
/** The platform's own margin after SHUTDOWN_DRAIN_MS + SHUTDOWN_TIMEOUT_MS (docker/compose.yml says the same). */
const SHUTDOWN_MARGIN_MS = 5000;

const loaded = loadManifests();
const manifests = loaded.map(({ manifest }) => manifest);
const ofKind = (kind: string): Manifest[] => manifests.filter((manifest) => manifest.kind === kind);
const matchLabels = (manifest: Manifest): Record<string, string> | undefined =>
  (manifest.spec?.selector as { matchLabels?: Record<string, string> } | undefined)?.matchLabels;
const podLabels = (deployment: Manifest): Record<string, string> | undefined =>
  deployment.spec?.template?.metadata?.labels;

describe('deploy/k8s', () => {
  it('is valid against the Kubernetes schemas, every document of every file', () => {
    const results = validateWithSchemas(K8S_DIR);
    expect(results.filter((result) => result.errors.length > 0)).toEqual([]);
    expect(results).toHaveLength(loaded.length);
  });

  it('is checked for real: a broken manifest is rejected with the field that is wrong', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bazaar-k8s-'));
    try {
      const deployment = ofKind('Deployment')[0];
      const container = deployment.spec?.template?.spec.containers[0] as Container;
      const broken = {
        ...deployment,
        spec: {
          ...deployment.spec,
          template: {
            ...deployment.spec?.template,
            spec: {
              ...deployment.spec?.template?.spec,
              containers: [
                {
                  ...container,
                  ports: [{ containerPort: 'http' }],
                  readinessProbe: { httpGet: { path: '/' } },
                },
              ],
            },
          },
        },
      };
      const misspelt = { apiVersion: 'policy/v1', kind: 'PodDisruptionBudgett', metadata: { name: 'x' } };
      fs.writeFileSync(
        path.join(dir, 'broken.yaml'),
        [broken, misspelt].map((doc) => JSON.stringify(doc)).join('\n---\n'),
      );
      const [first, second] = validateWithSchemas(path.join(dir, 'broken.yaml'));
      expect(first.errors).toEqual([
        '/spec/template/spec/containers/0/ports/0/containerPort must be integer',
        '/spec/template/spec/containers/0/readinessProbe/httpGet must have required property port',
      ]);
      expect(second.errors).toEqual([
        'no Kubernetes schema for apiVersion policy/v1, kind PodDisruptionBudgett',
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lists every file in kustomization.yaml, and nothing else', () => {
    const kustomization = parse(fs.readFileSync(path.join(K8S_DIR, 'kustomization.yaml'), 'utf8')) as {
      resources: string[];
    };
    const files = manifestFiles().filter((file) => file !== 'kustomization.yaml');
    expect([...kustomization.resources].sort()).toEqual(files);
  });

  it('has a Deployment, a Service, a ConfigMap and a PodDisruptionBudget for every app', () => {
    const missing = appNames().flatMap((app) =>
      ['Deployment', 'Service', 'ConfigMap', 'PodDisruptionBudget']
        .filter((kind) => !ofKind(kind).some((manifest) => manifest.metadata.name === app))
        .map((kind) => `${kind} ${app}`),
    );
    expect(missing).toEqual([]);
  });

  it("selects a Deployment's pods with every Service and PodDisruptionBudget, on declared ports", () => {
    const deployments = ofKind('Deployment');
    const problems: string[] = [];
    for (const service of ofKind('Service')) {
      const selector = service.spec?.selector as Record<string, string> | undefined;
      const target = deployments.find((deployment) => selects(selector, podLabels(deployment)));
      if (!target) {
        problems.push(`Service ${service.metadata.name} selects no Deployment's pods`);
        continue;
      }
      const declared =
        target.spec?.template?.spec.containers.flatMap((container) => container.ports ?? []) ?? [];
      for (const port of service.spec?.ports ?? []) {
        const targetPort = port.targetPort ?? port.port;
        if (!declared.some((p) => p.name === targetPort || p.containerPort === targetPort)) {
          problems.push(
            `Service ${service.metadata.name} targets port ${targetPort}, not declared by ${target.metadata.name}`,
          );
        }
      }
    }
    for (const budget of ofKind('PodDisruptionBudget')) {
      if (!deployments.some((deployment) => selects(matchLabels(budget), podLabels(deployment)))) {
        problems.push(`PodDisruptionBudget ${budget.metadata.name} selects no Deployment's pods`);
      }
    }
    for (const deployment of deployments) {
      if (!selects(matchLabels(deployment), podLabels(deployment))) {
        problems.push(`Deployment ${deployment.metadata.name}'s selector misses its own pods`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('reads only ConfigMaps it defines, and Secret keys the README documents', () => {
    const configMaps = new Set(ofKind('ConfigMap').map((configMap) => configMap.metadata.name));
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const kubernetesSection = readme.slice(readme.indexOf('#### Kubernetes'));
    const problems = [...ofKind('Deployment'), ...ofKind('Job')].flatMap((workload) =>
      (workload.spec?.template?.spec.containers ?? []).flatMap((container) => [
        ...(container.envFrom ?? [])
          .map((source) => source.configMapRef?.name)
          .filter((name): name is string => !!name && !configMaps.has(name))
          .map((name) => `${workload.metadata.name} reads ConfigMap ${name}, which is not defined`),
        ...(container.env ?? [])
          .map((variable) => variable.valueFrom?.secretKeyRef?.key)
          .filter((key): key is string => !!key && !kubernetesSection.includes(`\`${key}\``))
          .map((key) => `${workload.metadata.name} reads Secret key ${key}, not documented in the README`),
      ]),
    );
    expect(problems).toEqual([]);
  });

  describe.each(appNames())('%s', (app) => {
    const deployment = ofKind('Deployment').find((manifest) => manifest.metadata.name === app) as Manifest;
    const pod = deployment?.spec?.template?.spec as PodSpec;
    const container: Container = pod?.containers[0];
    const entry: ServiceEntry = SERVICES[app as keyof typeof SERVICES];
    const config = (name: string): string | undefined =>
      [...(container?.envFrom ?? [])]
        .reverse()
        .map((source) => ofKind('ConfigMap').find((map) => map.metadata.name === source.configMapRef?.name))
        .find((map) => map?.data?.[name] !== undefined)?.data?.[name];

    it('runs its image of docker/Dockerfile with APP set to it', () => {
      expect(pod.containers).toHaveLength(1);
      const [name, tag] = container.image.split(':');
      expect(name).toBe(`bazaar-${app}`);
      expect(tag).toMatch(/^\d+\.\d+\.\d+$/);
      expect(container.env?.find((variable) => variable.name === 'APP')?.value).toBe(app);
    });

    it('declares its ops (HTTP) and RPC ports as the service table and its ConfigMap say', () => {
      const ports = Object.fromEntries(
        (container.ports ?? []).map((port) => [port.name, port.containerPort]),
      );
      expect(ports).toEqual(
        entry.rpcPort ? { http: entry.httpPort, rpc: entry.rpcPort } : { http: entry.httpPort },
      );
      expect(config(`${envPrefix(app)}_HTTP_PORT`)).toBe(String(entry.httpPort));
      if (entry.rpcPort) expect(config(`${envPrefix(app)}_RPC_PORT`)).toBe(String(entry.rpcPort));
      expect(config('HTTP_HOST')).toBe('0.0.0.0');
    });

    it('probes start-up and liveness on /health/live and readiness on /health/ready, on its ops port', () => {
      const onOpsPort = (probe: Probe | undefined) => {
        const port = probe?.httpGet?.port;
        const declared = (container.ports ?? []).find((p) => p.name === port || p.containerPort === port);
        return [probe?.httpGet?.path, declared?.containerPort];
      };
      expect(onOpsPort(container.startupProbe)).toEqual(['/health/live', entry.httpPort]);
      expect(onOpsPort(container.livenessProbe)).toEqual(['/health/live', entry.httpPort]);
      expect(onOpsPort(container.readinessProbe)).toEqual(['/health/ready', entry.httpPort]);
    });

    it('gives shutdown more time than the platform takes after SIGTERM', () => {
      const bound = Number(config('SHUTDOWN_DRAIN_MS') ?? 0) + Number(config('SHUTDOWN_TIMEOUT_MS') ?? 10000);
      expect((pod.terminationGracePeriodSeconds ?? 30) * 1000).toBeGreaterThan(bound + SHUTDOWN_MARGIN_MS);
    });

    it('requests memory within its limit, the limit above the measured peak', () => {
      const requested = bytes(container.resources?.requests?.memory ?? '0');
      const limit = bytes(container.resources?.limits?.memory ?? '0');
      expect(requested).toBeGreaterThan(0);
      expect(requested).toBeLessThanOrEqual(limit);
      expect(limit).toBeGreaterThan(MEASURED_PEAK_RSS);
    });

    it('runs as a non-root user on a read-only root filesystem, without privileges', () => {
      expect(pod.securityContext?.runAsNonRoot).toBe(true);
      expect(pod.securityContext?.runAsUser).toBeGreaterThan(0);
      expect(container.securityContext).toEqual(
        expect.objectContaining({
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          capabilities: { drop: ['ALL'] },
        }),
      );
    });
  });
});

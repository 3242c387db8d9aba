import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ROOT } from './repo-files';

export const K8S_DIR = path.join(ROOT, 'deploy', 'k8s');

/** The fields of Kubernetes objects the cross-checks read (the schemas themselves are checked by kubernetes-models). */
export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  data?: Record<string, string>;
  spec?: {
    /** A Service's label map, or a Deployment's or PodDisruptionBudget's `{ matchLabels }`. */
    selector?: Record<string, string> | { matchLabels?: Record<string, string> };
    ports?: Array<{ name?: string; port: number; targetPort?: string | number }>;
    template?: { metadata?: { labels?: Record<string, string> }; spec: PodSpec };
  };
}

export interface PodSpec {
  terminationGracePeriodSeconds?: number;
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number };
  containers: Container[];
  volumes?: Array<{ name: string }>;
}

export interface Probe {
  httpGet?: { path: string; port: string | number };
}

export interface Container {
  name: string;
  image: string;
  env?: Array<{ name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }>;
  envFrom?: Array<{ configMapRef?: { name: string } }>;
  ports?: Array<{ name?: string; containerPort: number }>;
  startupProbe?: Probe;
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: {
    allowPrivilegeEscalation?: boolean;
    readOnlyRootFilesystem?: boolean;
    capabilities?: { drop?: string[] };
  };
  volumeMounts?: Array<{ name: string; mountPath: string }>;
}

export interface LoadedManifest {
  file: string;
  manifest: Manifest;
}

/** Every YAML file of deploy/k8s by name, kustomization.yaml included. */
export function manifestFiles(): string[] {
  return fs
    .readdirSync(K8S_DIR)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort();
}

/** Every document of every file but kustomization.yaml. */
export function loadManifests(): LoadedManifest[] {
  return manifestFiles()
    .filter((file) => file !== 'kustomization.yaml')
    .flatMap((file) =>
      parseAllDocuments(fs.readFileSync(path.join(K8S_DIR, file), 'utf8')).map((document) => ({
        file,
        manifest: document.toJS() as Manifest,
      })),
    );
}

export interface ValidationResult {
  file: string;
  index: number;
  kind: string | null;
  name: string | null;
  errors: string[];
}

/** scripts/k8s-validate.mjs (kubernetes-models is ESM-only, so it runs in its own Node process). */
export function validateWithSchemas(...targets: string[]): ValidationResult[] {
  const run = spawnSync(
    process.execPath,
    [path.join(ROOT, 'scripts', 'k8s-validate.mjs'), '--json', ...targets],
    {
      cwd: ROOT,
      encoding: 'utf8',
    },
  );
  if (run.stdout.trim() === '') throw new Error(`k8s-validate.mjs printed nothing: ${run.stderr}`);
  return JSON.parse(run.stdout) as ValidationResult[];
}

/** `256Mi` -> bytes; the units the manifests use. */
export function bytes(quantity: string): number {
  const match = /^(\d+)(Ki|Mi|Gi)?$/.exec(quantity);
  if (!match) throw new Error(`unsupported quantity ${quantity}`);
  const unit = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30 }[match[2] ?? ''] ?? 1;
  return Number(match[1]) * unit;
}

/** Whether every label a selector asks for is on the pod. */
export function selects(
  selector: Record<string, string> | undefined,
  labels: Record<string, string> = {},
): boolean {
  return (
    !!selector &&
    Object.keys(selector).length > 0 &&
    Object.entries(selector).every(([k, v]) => labels[k] === v)
  );
}

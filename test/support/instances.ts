import fs from 'node:fs';

/** One instance of a scaled service, as the launcher's ready summary lists it. */
export interface ListedInstance {
  /** `catalog`, `catalog#2`, ... */
  label: string;
  http: number;
  rpc: number;
}

/**
 * The instances of a service the launcher ran with `--scale`, from its ready summary line
 * (`catalog: 2 instances: catalog (HTTP 3102, RPC 4102), catalog#2 (...); CATALOG_RPC_ADDRESSES=...`), and the
 * addresses it gave every process. No instances when the service was not scaled.
 */
export function scaledInstances(
  launcherOutput: readonly string[],
  service: string,
): { instances: ListedInstance[]; addresses: string } {
  const line = launcherOutput.find((l) => l.startsWith(`bazaar | ${service}: `)) ?? '';
  const instances = [...line.matchAll(/([\w#-]+) \(HTTP (\d+), RPC (\d+)\)/g)].map(
    ([, label, http, rpc]) => ({
      label,
      http: Number(http),
      rpc: Number(rpc),
    }),
  );
  const addresses = /_RPC_ADDRESSES=(\S+)/.exec(line)?.[1] ?? '';
  return { instances, addresses };
}

/** A process's environment as Linux shows it in /proc: what it was started with. */
export function environOf(pid: number): Record<string, string> {
  const entries = fs
    .readFileSync(`/proc/${pid}/environ`, 'utf8')
    .split('\0')
    .filter(Boolean)
    .map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]);
  return Object.fromEntries(entries) as Record<string, string>;
}

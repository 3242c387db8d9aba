import type Consul from 'consul';

/** How long the one start-up read may take before Consul counts as unreachable. */
const READ_TIMEOUT_MS = 5_000;

/** The raw text under `key`, or undefined when the key does not exist; rejects when Consul does not answer. */
export async function readKvText(consul: Consul, key: string): Promise<string | undefined> {
  const entry = (await consul.kv.get({ key, timeout: READ_TIMEOUT_MS } as { key: string })) as
    { Value?: string | null } | null | undefined;
  return entry?.Value ?? undefined;
}

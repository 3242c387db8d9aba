import type Consul from 'consul';

/** How long the one start-up read may take before Consul counts as unreachable. */
const READ_TIMEOUT_MS = 5_000;

/** Consul did not answer the start-up read: down, unreachable, or refusing the token. */
export class KvUnreachableError extends Error {
  constructor(
    readonly key: string,
    override readonly cause: unknown,
  ) {
    super(`Consul KV could not be read (${key}): ${(cause as Error)?.message ?? String(cause)}`);
    this.name = 'KvUnreachableError';
  }
}

/** The raw text under `key`, or undefined when the key does not exist. */
export async function readKvText(consul: Consul, key: string): Promise<string | undefined> {
  try {
    const entry = (await consul.kv.get({ key, timeout: READ_TIMEOUT_MS } as { key: string })) as
      { Value?: string | null } | undefined;
    return entry?.Value ?? undefined;
  } catch (error) {
    throw new KvUnreachableError(key, error);
  }
}

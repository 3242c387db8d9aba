import type Consul from 'consul';
import { answerOf } from '../consul/consul-answer';

/** How long the one start-up read may take before Consul counts as unreachable. */
const READ_TIMEOUT_MS = 5_000;

/** The raw text under `key`, or undefined when the key does not exist; rejects when Consul does not answer. */
export async function readKvText(consul: Consul, key: string): Promise<string | undefined> {
  const entry = (await answerOf(consul.kv.get({ key, timeout: READ_TIMEOUT_MS } as { key: string }))) as
    { Value?: string | null } | null | undefined;
  return entry?.Value ?? undefined;
}

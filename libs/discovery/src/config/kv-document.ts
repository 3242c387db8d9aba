/** A config variable's value as Consul KV may hold it: the JSON scalars the environment's strings stand for. */
export type KvConfigValue = string | number | boolean;

export type KvDocument = { ok: true; values: Record<string, KvConfigValue> } | { ok: false; problem: string };

/**
 * Reads the KV document `bazaar/<service>/config`: a JSON object of config variables. An absent or empty key
 * is an empty object (nothing overrides the environment). A `null` value is dropped, so the variable falls back
 * to the environment or its default, as removing it would.
 */
export function parseKvDocument(text: string | null | undefined): KvDocument {
  if (text === undefined || text === null || text.trim() === '') return { ok: true, values: {} };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { ok: false, problem: `not valid JSON (${(error as Error).message})` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { ok: false, problem: `not a JSON object of config variables (got ${kindOf(parsed)})` };
  }
  const values: Record<string, KvConfigValue> = {};
  const problems: string[] = [];
  for (const [key, value] of Object.entries(parsed)) {
    if (value === null) continue;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      values[key] = value;
    } else {
      problems.push(`${key} must be a string, number or boolean (got ${kindOf(value)})`);
    }
  }
  return problems.length ? { ok: false, problem: problems.join('; ') } : { ok: true, values };
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

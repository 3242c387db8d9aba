/** One variable whose validated value differs between the running config and a new one. */
export interface ConfigChange {
  key: string;
  oldValue: unknown;
  newValue: unknown;
  /** Marked `@LiveReload()`: applied at once; otherwise it takes a restart. */
  live: boolean;
}

/** The variables whose value differs between two validated configs of one class, in declaration order. */
export function diffConfig(current: object, next: object, liveKeys: ReadonlySet<string>): ConfigChange[] {
  const before = current as Record<string, unknown>;
  const after = next as Record<string, unknown>;
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  const changes: ConfigChange[] = [];
  for (const key of keys) {
    if (sameValue(before[key], after[key])) continue;
    changes.push({ key, oldValue: before[key], newValue: after[key], live: liveKeys.has(key) });
  }
  return changes;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  // Config values are scalars; a class may still declare a list: compare it by content.
  return typeof a === 'object' && typeof b === 'object' && JSON.stringify(a) === JSON.stringify(b);
}

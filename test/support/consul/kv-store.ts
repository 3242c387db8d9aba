import { BlockingIndex } from './blocking-index';

/** One key as Consul's KV store keeps it. */
interface Entry {
  value: Buffer;
  flags: number;
  createIndex: number;
  modifyIndex: number;
}

/** A key as `GET /v1/kv/:key` returns it: the value base64-encoded, `null` when empty (Go's nil byte slice). */
export interface KvEntryJson {
  LockIndex: number;
  Key: string;
  Flags: number;
  Value: string | null;
  CreateIndex: number;
  ModifyIndex: number;
}

/** Consul refuses values over 512 KB ("Values in the KV store cannot be larger than 512kb"). */
export const MAX_VALUE_BYTES = 512 * 1024;

/**
 * Consul's KV store: keys with their indexes, CAS on ModifyIndex, and the index a read reports — the key's
 * ModifyIndex when it exists, otherwise the store's highest index (counting deletions, as Consul's tombstones do),
 * so a blocking read of a missing key wakes when it is created.
 */
export class KvStore {
  private readonly entries = new Map<string, Entry>();
  /** Index of the last deletion of each key, so a prefix read's index moves when a key under it goes away. */
  private readonly tombstones = new Map<string, number>();
  private tableIndex = 0;

  constructor(private readonly raft: BlockingIndex) {}

  get(key: string): { index: number; entry?: KvEntryJson } {
    const entry = this.entries.get(key);
    if (!entry) return { index: this.storeIndex() };
    return { index: entry.modifyIndex, entry: toJson(key, entry) };
  }

  /** Every key under `prefix` (`?recurse`), sorted as Consul's radix tree returns them. */
  list(prefix: string): { index: number; entries: KvEntryJson[] } {
    const keys = this.keysUnder(prefix);
    return {
      index: this.prefixIndex(prefix),
      entries: keys.map((key) => toJson(key, this.entries.get(key)!)),
    };
  }

  /** Key names under `prefix` (`?keys`); with a separator, deeper keys fold into their next `prefix…separator`. */
  keys(prefix: string, separator: string | undefined): { index: number; keys: string[] } {
    const names = new Set<string>();
    for (const key of this.keysUnder(prefix)) {
      const cut = separator ? key.indexOf(separator, prefix.length) : -1;
      names.add(cut === -1 ? key : key.slice(0, cut + separator!.length));
    }
    return { index: this.prefixIndex(prefix), keys: [...names] };
  }

  /** `PUT /v1/kv/:key`: `cas` 0 writes only a new key, another value only a key whose ModifyIndex it is. */
  put(key: string, value: Buffer, options: { cas?: number; flags?: number }): boolean {
    const existing = this.entries.get(key);
    if (options.cas !== undefined) {
      if (options.cas === 0 ? existing !== undefined : existing?.modifyIndex !== options.cas) return false;
    }
    return this.raft.commit((index) => {
      this.entries.set(key, {
        value,
        flags: options.flags ?? existing?.flags ?? 0,
        createIndex: existing?.createIndex ?? index,
        modifyIndex: index,
      });
      this.tombstones.delete(key);
      this.tableIndex = index;
      return true;
    });
  }

  /** `DELETE /v1/kv/:key`: deleting a missing key succeeds without a write; `cas` must match ModifyIndex. */
  delete(key: string, options: { recurse?: boolean; cas?: number }): boolean {
    const doomed = options.recurse ? this.keysUnder(key) : this.entries.has(key) ? [key] : [];
    if (options.cas !== undefined && !options.recurse && this.entries.get(key)?.modifyIndex !== options.cas) {
      return false;
    }
    if (doomed.length === 0) return true;
    return this.raft.commit((index) => {
      for (const name of doomed) {
        this.entries.delete(name);
        this.tombstones.set(name, index);
      }
      this.tableIndex = index;
      return true;
    });
  }

  private keysUnder(prefix: string): string[] {
    return [...this.entries.keys()].filter((key) => key.startsWith(prefix)).sort();
  }

  private prefixIndex(prefix: string): number {
    let index = 0;
    for (const key of this.keysUnder(prefix)) index = Math.max(index, this.entries.get(key)!.modifyIndex);
    for (const [key, deleted] of this.tombstones)
      if (key.startsWith(prefix)) index = Math.max(index, deleted);
    return index > 0 ? index : this.storeIndex();
  }

  private storeIndex(): number {
    // Consul never reports index 0 ("Index 1 is impossible anyways"), so a client can always block on it.
    return Math.max(this.tableIndex, 1);
  }
}

function toJson(key: string, entry: Entry): KvEntryJson {
  return {
    LockIndex: 0,
    Key: key,
    Flags: entry.flags,
    Value: entry.value.length > 0 ? entry.value.toString('base64') : null,
    CreateIndex: entry.createIndex,
    ModifyIndex: entry.modifyIndex,
  };
}

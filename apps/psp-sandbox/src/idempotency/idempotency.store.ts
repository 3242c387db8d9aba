import { Injectable } from '@nestjs/common';

/** What a key's first request ended with: its answer, or the refusal to give again. */
export type RecordedOutcome = { kind: 'answer'; body: unknown } | { kind: 'refusal'; error: Error };

interface Entry {
  fingerprint: string;
  /** Undefined while the first request runs. */
  outcome?: RecordedOutcome;
}

/**
 * Idempotency keys and what their first request ended with, in memory: the sandbox's whole state lives as long as
 * its process, as a provider's test account would be reset.
 */
@Injectable()
export class IdempotencyStore {
  private readonly entries = new Map<string, Entry>();

  /** Claims `key` for a request with `fingerprint`; answers what is recorded when the key is known. */
  claim(
    key: string,
    fingerprint: string,
  ): { state: 'new' } | { state: 'running' | 'reused' } | RecordedOutcome {
    const entry = this.entries.get(key);
    if (!entry) {
      this.entries.set(key, { fingerprint });
      return { state: 'new' };
    }
    if (entry.fingerprint !== fingerprint) return { state: 'reused' };
    return entry.outcome ?? { state: 'running' };
  }

  record(key: string, outcome: RecordedOutcome): void {
    const entry = this.entries.get(key);
    if (entry) entry.outcome = outcome;
  }

  /** Forgets a key whose request failed before doing anything, so a retry runs it again. */
  release(key: string): void {
    this.entries.delete(key);
  }
}

/** The first answer to a request, as it left the gateway: what a replay sends again. */
export interface StoredAnswer {
  status: number;
  /** Only the headers that describe the answer (content-type, location, cache-control, etag...). */
  headers: Record<string, string>;
  /** The body as sent, base64 so any bytes survive a JSON store. */
  body: string;
}

/** A key this request holds as in flight; `token` tells its marker from a later request's. */
export interface HeldKey {
  key: string;
  fingerprint: string;
  token: string;
}

/** What a key says when a request arrives with it. */
export type Claim =
  /** The key was free: this request runs, and must end with `complete` or `release`. */
  | { outcome: 'claimed'; held: HeldKey }
  /** The same request already ran: send its answer again. */
  | { outcome: 'replay'; answer: StoredAnswer }
  /** The same request is running now (elsewhere, maybe on another gateway instance). */
  | { outcome: 'in-use' }
  /** The key was used for another request (another body, route or caller). */
  | { outcome: 'mismatch' };

/**
 * Where Idempotency-Key records live: in memory (one gateway instance) or in Redis (all instances share them).
 * `key` already includes the caller's scope. A claimed key is an in-flight marker that expires by itself after
 * `lockMs` (so a crashed request frees its key); a completed one is kept `ttlMs`.
 */
export interface IdempotencyStore {
  claim(key: string, fingerprint: string): Promise<Claim>;
  /** Keeps the answer for `ttlMs`, if the marker is still this request's. */
  complete(held: HeldKey, answer: StoredAnswer): Promise<void>;
  /** Frees the key for a retry, if the marker is still this request's. */
  release(held: HeldKey): Promise<void>;
  close(): Promise<void>;
}

export const IDEMPOTENCY_STORE = Symbol('IdempotencyStore');

export interface IdempotencyStoreLimits {
  /** How long a completed answer is kept. */
  ttlMs: number;
  /** How long an in-flight marker lives if its request never finishes. */
  lockMs: number;
}

import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Counter } from 'prom-client';
import { RequestContext } from '@bazaar/platform';
import { IdempotencyPolicy } from './idempotent.decorator';
import { keyInUse, keyReused, keyStoreUnavailable } from './idempotency.errors';
import {
  callerScope,
  IDEMPOTENCY_KEY_HEADER,
  idempotencyKeyOf,
  REPLAYED_HEADER,
  requestFingerprint,
} from './idempotency-key';
import { IDEMPOTENCY_OUTCOMES, IdempotencyOutcome } from './idempotency.metrics';
import { HeldKey, IDEMPOTENCY_STORE, IdempotencyStore, StoredAnswer } from './idempotency.store';

/** The answer's headers a replay sends again; the rest (security headers, request ID, date) are the replay's own. */
const REPLAYED_HEADERS = [
  'content-type',
  'content-language',
  'content-location',
  'location',
  'cache-control',
  'etag',
  'last-modified',
  'link',
] as const;
/** Larger answers are not kept: the key is freed instead, and a retry runs again. */
const MAX_STORED_BODY_BYTES = 256 * 1024;
/** A duplicate that arrives while the first runs is told to come back after this many seconds. */
const IN_USE_RETRY_AFTER_S = 1;
/** While the store is unreachable, one log line per this many ms, not one per request. */
const WARN_EVERY_MS = 10_000;

type Pending = { held: HeldKey } | { replay: StoredAnswer };

/**
 * Idempotency-Key for the public POSTs, after the IETF httpapi draft: the first request with a key runs and its
 * answer, short of a 5xx or a 400 (see `keeps`), is kept; the same request again gets that answer replayed; another
 * request with the key is refused (422), as is a duplicate while the first still runs (409). It works in two
 * halves: `admit` before the handler (from the interceptor, once the caller is known) and `beforeSend` when the
 * answer leaves (a Fastify onSend hook, where status, headers and body are final, errors included).
 */
@Injectable()
export class IdempotentRequests implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger('Idempotency');
  private readonly pending = new WeakMap<FastifyRequest, Pending>();
  private hooksInstalled = false;
  private lastStoreError = 0;

  constructor(
    @Inject(IDEMPOTENCY_STORE) private readonly store: IdempotencyStore,
    @InjectMetric(IDEMPOTENCY_OUTCOMES) private readonly outcomes: Counter<string>,
  ) {}

  /**
   * Whether the handler runs (`run`), or the first answer is replayed instead (`replay`: the caller sends
   * anything, `beforeSend` replaces it). Throws the 400, 409 and 422 refusals.
   */
  async admit(
    request: FastifyRequest,
    reply: FastifyReply,
    policy: IdempotencyPolicy,
  ): Promise<'run' | 'replay'> {
    const key = idempotencyKeyOf(request.headers[IDEMPOTENCY_KEY_HEADER.toLowerCase()], policy.required);
    if (key === undefined) return 'run';
    const scope = callerScope(RequestContext.caller()?.userId, request.ip);
    const fingerprint = requestFingerprint(
      request.method,
      request.routeOptions.url ?? request.url,
      scope,
      request.body,
    );
    const claim = await this.store.claim(`${scope}:${key}`, fingerprint).catch((error: unknown) => {
      if (Date.now() - this.lastStoreError > WARN_EVERY_MS) {
        this.lastStoreError = Date.now();
        this.log.error({
          err: error,
          msg: 'idempotency store unreachable; refusing requests that carry a key',
        });
      }
      throw keyStoreUnavailable();
    });
    switch (claim.outcome) {
      case 'claimed':
        this.pending.set(request, { held: claim.held });
        return 'run';
      case 'replay':
        this.pending.set(request, { replay: claim.answer });
        this.count('replayed');
        return 'replay';
      case 'in-use':
        this.count('in_use');
        void reply.header('retry-after', String(IN_USE_RETRY_AFTER_S));
        throw keyInUse(IN_USE_RETRY_AFTER_S);
      case 'mismatch':
        this.count('reused');
        throw keyReused();
    }
  }

  /** The onSend hook: replays a kept answer, or keeps (or, for a 5xx or a 400, releases) the first one. */
  async beforeSend(request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
    const pending = this.pending.get(request);
    if (!pending) return payload;
    this.pending.delete(request);
    if ('replay' in pending) return replay(reply, pending.replay);
    const body = bytesOf(payload);
    if (!keeps(reply.statusCode) || body === undefined || body.length > MAX_STORED_BODY_BYTES) {
      await this.release(pending.held);
      return payload;
    }
    const answer: StoredAnswer = {
      status: reply.statusCode,
      headers: answerHeaders(reply),
      body: body.toString('base64'),
    };
    try {
      await this.store.complete(pending.held, answer);
      this.count('stored');
    } catch (error) {
      this.log.warn({ err: error, msg: 'answer not kept for its Idempotency-Key; freeing the key' });
      await this.release(pending.held);
    }
    return payload;
  }

  /** The onResponse hook: a key still held when the answer is gone (no onSend ran) is freed. */
  async afterResponse(request: FastifyRequest): Promise<void> {
    const pending = this.pending.get(request);
    if (!pending) return;
    this.pending.delete(request);
    if ('held' in pending) await this.release(pending.held);
  }

  markHooksInstalled(): void {
    this.hooksInstalled = true;
  }

  onApplicationBootstrap(): void {
    // Without the hooks every claimed key would stay "in use" until its marker expired.
    if (!this.hooksInstalled) {
      throw new Error(
        'Idempotency-Key hooks are not installed: call installIdempotencyHooks(app) before listening',
      );
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.store.close();
  }

  private async release(held: HeldKey): Promise<void> {
    this.count('released');
    await this.store.release(held).catch((error: unknown) => {
      // The marker expires by itself; until then a retry is told IDEMPOTENCY_KEY_IN_USE.
      this.log.warn({
        err: error,
        msg: 'Idempotency-Key not freed; it frees itself when its marker expires',
      });
    });
  }

  private count(outcome: IdempotencyOutcome): void {
    this.outcomes.inc({ outcome });
  }
}

/**
 * Which answers a key keeps. Not a 5xx: it says nothing about the request, only that this attempt failed, often
 * before anything was done (a service unreachable), so the retry must run rather than be told the failure for a
 * day. Not a 400 either: the request was refused as malformed and nothing ran, so the client may fix it and send
 * it again under the same key (as Stripe does). Every other answer, 4xx refusals included, is replayed.
 */
function keeps(status: number): boolean {
  return status < 500 && status !== 400;
}

function replay(reply: FastifyReply, answer: StoredAnswer): Buffer {
  void reply.code(answer.status);
  for (const name of REPLAYED_HEADERS) {
    const value = answer.headers[name];
    if (value === undefined) reply.removeHeader(name);
    else void reply.header(name, value);
  }
  void reply.header(REPLAYED_HEADER, 'true');
  return Buffer.from(answer.body, 'base64');
}

function answerHeaders(reply: FastifyReply): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of REPLAYED_HEADERS) {
    const value = reply.getHeader(name);
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return headers;
}

/** The body as it will be sent, or undefined for a stream (not kept). */
function bytesOf(payload: unknown): Buffer | undefined {
  if (payload === null || payload === undefined) return Buffer.alloc(0);
  if (typeof payload === 'string') return Buffer.from(payload);
  if (Buffer.isBuffer(payload)) return payload;
  return undefined;
}

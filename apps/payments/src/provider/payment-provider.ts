import { Inject, Injectable } from '@nestjs/common';
import {
  PSP_IDEMPOTENCY_HEADER,
  PspAuthorization,
  PspAuthorizeRequest,
  PspCaptureRequest,
  PspRefund,
  PspRefundRequest,
  ProblemDetails,
} from '@bazaar/contracts';
import { ConfigChanges } from '@bazaar/discovery';
import { Tracing } from '@bazaar/observability';
import { APP_CONFIG } from '@bazaar/platform';
import { AttemptTimeoutError, BreakerRegistry, ResilientCall } from '@bazaar/resilience';
import { PaymentsConfig, PROVIDER_POLICY_LIVE_KEYS } from '../payments.config';
import { AttemptRecord, ProviderAnswer } from './provider-answers';
import { PROVIDER_FAILURES, ProviderHttpError } from './provider-http-error';

/** The breaker's name, in `/metrics`, readiness details and the admin API. */
export const PROVIDER_NAME = 'psp-sandbox';

/** One request to the provider. `attempts` collects a record per call actually made. */
interface ProviderRequest {
  path: string;
  body: unknown;
  idempotencyKey: string;
  attempts: AttemptRecord[];
}

type Sent = { kind: 'ok'; body: unknown } | { kind: 'declined'; code: string; detail: string };

/**
 * The card processor, reached over HTTP through one ResilientCall: every attempt bounded by its own AbortSignal,
 * retryable failures retried with the same idempotency key, one circuit breaker for the provider. Nothing here
 * throws for a provider failure: each method answers what happened, and every attempt made is in `attempts`.
 */
@Injectable()
export class PaymentProvider {
  private readonly call: ResilientCall<[ProviderRequest], Sent>;
  private readonly baseUrl: string;

  constructor(@Inject(APP_CONFIG) config: PaymentsConfig, breakers: BreakerRegistry, changes: ConfigChanges) {
    this.baseUrl = config.providerUrl;
    this.call = breakers.create(
      PROVIDER_NAME,
      config.providerPolicy,
      (signal, request) => this.send(signal, request),
      {
        failures: PROVIDER_FAILURES,
      },
    );
    // A live change of the policy (Consul KV) reaches the running breaker; the config has validated it whole.
    for (const key of PROVIDER_POLICY_LIVE_KEYS) {
      changes.on(key, () => this.call.updatePolicy(config.providerPolicy));
    }
  }

  /**
   * The breaker is open: a call now would be refused without reaching the provider (counted as a refusal). New
   * operations ask first and are refused before anything is written; half-open lets the probe through.
   */
  refusesNow(): boolean {
    return this.call.refusesNow();
  }

  authorize(request: PspAuthorizeRequest, idempotencyKey: string, attempts: AttemptRecord[]) {
    return this.post<PspAuthorization>('/v1/authorizations', request, idempotencyKey, attempts);
  }

  capture(
    authorizationId: string,
    request: PspCaptureRequest,
    idempotencyKey: string,
    attempts: AttemptRecord[],
  ) {
    return this.post<PspAuthorization>(
      `/v1/authorizations/${encodeURIComponent(authorizationId)}/capture`,
      request,
      idempotencyKey,
      attempts,
    );
  }

  void(authorizationId: string, idempotencyKey: string, attempts: AttemptRecord[]) {
    return this.post<PspAuthorization>(
      `/v1/authorizations/${encodeURIComponent(authorizationId)}/void`,
      {},
      idempotencyKey,
      attempts,
    );
  }

  refund(request: PspRefundRequest, idempotencyKey: string, attempts: AttemptRecord[]) {
    return this.post<PspRefund>('/v1/refunds', request, idempotencyKey, attempts);
  }

  private async post<TBody>(
    path: string,
    body: unknown,
    idempotencyKey: string,
    attempts: AttemptRecord[],
  ): Promise<ProviderAnswer<TBody>> {
    const breakerWasOpen = this.call.state === 'open';
    const started = Date.now();
    try {
      const sent = await this.call.call({ path, body, idempotencyKey, attempts });
      return sent.kind === 'ok' ? { kind: 'ok', body: sent.body as TBody } : sent;
    } catch (error) {
      // A refusal, or a key still in use by another instance's call after every retry: answered, not unknown.
      if (error instanceof ProviderHttpError && PROVIDER_FAILURES.isCallersFault?.(error)) {
        return { kind: 'refused', status: error.status, problem: error.problem };
      }
      const breakerOpen = isBreakerRefusal(error);
      if (breakerOpen) {
        attempts.push({
          attempt: attempts.length + 1,
          outcome: 'rejected',
          httpStatus: null,
          latencyMs: Date.now() - started,
          error: 'circuit breaker open: the provider was not called',
          at: new Date(started),
        });
      }
      return { kind: 'unavailable', reason: reasonOf(error), breakerOpen: breakerOpen || breakerWasOpen };
    }
  }

  /** One attempt: a POST with the attempt's signal; a 402 is an answer (a decline), not a failure. */
  private send(signal: AbortSignal, request: ProviderRequest): Promise<Sent> {
    return Tracing.inSpan(
      `POST ${request.path}`,
      {
        kind: 'client',
        attributes: {
          'http.request.method': 'POST',
          'url.full': `${this.baseUrl}${request.path}`,
          'bazaar.attempt': request.attempts.length + 1,
        },
      },
      () => this.sendNow(signal, request),
    );
  }

  private async sendNow(signal: AbortSignal, request: ProviderRequest): Promise<Sent> {
    const started = Date.now();
    const record: AttemptRecord = {
      attempt: request.attempts.length + 1,
      outcome: 'error',
      httpStatus: null,
      latencyMs: 0,
      error: null,
      at: new Date(started),
    };
    request.attempts.push(record);
    let finished = false;
    const finish = (outcome: AttemptRecord['outcome'], httpStatus: number | null, error: string | null) => {
      if (finished) return;
      finished = true;
      record.outcome = outcome;
      record.httpStatus = httpStatus;
      record.error = error?.slice(0, 500) ?? null;
      record.latencyMs = Date.now() - started;
    };
    // The attempt's timeout fires the signal: record it then, even if fetch is slow to notice.
    signal.addEventListener('abort', () => finish('timeout', null, reasonOf(signal.reason)), { once: true });
    try {
      const response = await fetch(`${this.baseUrl}${request.path}`, {
        method: 'POST',
        // With the attempt span's traceparent: the provider's spans join the payment's trace.
        headers: Tracing.inject({
          'content-type': 'application/json',
          [PSP_IDEMPOTENCY_HEADER]: request.idempotencyKey,
        }),
        body: JSON.stringify(request.body),
        signal,
      });
      const text = await response.text();
      if (signal.aborted) throw signal.reason;
      const json = parseJson(text);
      if (response.ok) {
        finish(request.path === '/v1/authorizations' ? 'approved' : 'ok', response.status, null);
        return { kind: 'ok', body: json };
      }
      const problem = (json ?? {}) as Partial<ProblemDetails>;
      if (response.status === 402) {
        finish('declined', 402, problem.code ?? null);
        return {
          kind: 'declined',
          code: problem.code ?? 'CARD_DECLINED',
          detail: problem.detail ?? 'declined',
        };
      }
      finish('error', response.status, `${problem.code ?? response.statusText}: ${problem.detail ?? ''}`);
      throw new ProviderHttpError(response.status, problem);
    } catch (error) {
      finish('error', null, reasonOf(error));
      throw error;
    }
  }
}

function isBreakerRefusal(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'EOPENBREAKER' || code === 'ESHUTDOWN';
}

/** A failure in one line: fetch's "fetch failed" with its socket error ("connect ECONNREFUSED ..."). */
function reasonOf(error: unknown): string {
  if (error instanceof AttemptTimeoutError) return error.message;
  const { message, cause } = (error ?? {}) as { message?: unknown; cause?: { message?: unknown } };
  if (typeof message !== 'string') return String(error);
  return typeof cause?.message === 'string' ? `${message}: ${cause.message}` : message;
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

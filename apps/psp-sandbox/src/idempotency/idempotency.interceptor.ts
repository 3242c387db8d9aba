import { createHash } from 'node:crypto';
import { CallHandler, ExecutionContext, HttpException, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { catchError, Observable, of, tap, throwError } from 'rxjs';
import { PSP_IDEMPOTENCY_HEADER, PSP_REPLAYED_HEADER, PSP_SANDBOX_LIMITS } from '@bazaar/contracts';
import { DomainError } from '@bazaar/platform';
import { IdempotencyStore } from './idempotency.store';

/**
 * Every POST carries an `Idempotency-Key`. The first request with a key runs; a repeat with the same method, path
 * and body gets the first answer again (a decline too, marked `Idempotent-Replayed: true`) and never charges
 * twice; the key with another request is refused (422), and while the first still runs a repeat is refused (409).
 * A first request that failed before doing anything (a 500) leaves the key free for the retry.
 */
@Injectable()
export class Idempotency implements NestInterceptor {
  constructor(private readonly store: IdempotencyStore) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const key = keyOf(request);
    const fingerprint = createHash('sha256')
      .update(`${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`)
      .digest('base64url');
    const claim = this.store.claim(key, fingerprint);
    if ('kind' in claim) {
      void reply.header(PSP_REPLAYED_HEADER, 'true');
      return claim.kind === 'answer' ? of(claim.body) : throwError(() => claim.error);
    }
    if (claim.state === 'reused')
      throw new DomainError(
        'IDEMPOTENCY_KEY_REUSED',
        `Idempotency key ${key} was first used with another request; use a new key for a new request.`,
      );
    if (claim.state === 'running')
      throw new DomainError(
        'IDEMPOTENCY_KEY_IN_USE',
        `A request with idempotency key ${key} is still running.`,
      );
    return next.handle().pipe(
      tap((body: unknown) => this.store.record(key, { kind: 'answer', body })),
      catchError((error: unknown) => {
        if (isRefusal(error)) this.store.record(key, { kind: 'refusal', error });
        else this.store.release(key);
        return throwError(() => error);
      }),
    );
  }
}

function keyOf(request: FastifyRequest): string {
  const header = request.headers[PSP_IDEMPOTENCY_HEADER];
  const key = Array.isArray(header) ? header[0] : header;
  const max = PSP_SANDBOX_LIMITS.idempotencyKeyMaxLength;
  if (!key || key.length > max || !/^[\x21-\x7e]+$/.test(key)) {
    throw new DomainError(
      'VALIDATION_FAILED',
      `Every POST needs an Idempotency-Key header of 1-${max} visible ASCII characters.`,
      {
        fields: [{ field: 'Idempotency-Key', messages: [`must be 1-${max} visible ASCII characters`] }],
      },
    );
  }
  return key;
}

/**
 * A deliberate answer after the request was taken (a decline, a capture above the authorized amount): replayed as
 * it is. A request refused as invalid never started, so its key stays free, as does one that failed (5xx).
 */
function isRefusal(error: unknown): error is Error {
  if (error instanceof DomainError) return error.code !== 'VALIDATION_FAILED';
  return error instanceof HttpException && error.getStatus() < 500 && error.getStatus() !== 400;
}

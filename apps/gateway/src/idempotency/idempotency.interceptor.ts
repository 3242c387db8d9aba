import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, Observable, of, switchMap } from 'rxjs';
import { IDEMPOTENCY_POLICY, IdempotencyPolicy } from './idempotent.decorator';
import { IdempotentRequests } from './idempotent-requests';

const HONOURED_WHEN_SENT: IdempotencyPolicy = { required: false };

/**
 * Every POST of the API honours Idempotency-Key; `@Idempotent({ required: true })` makes it mandatory and
 * `@SkipIdempotency()` ignores it. Interceptors run after the guards, so the caller is known (keys are scoped
 * per caller) and a request refused as unauthenticated or rate-limited never takes a key.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly policies = new WeakMap<object, IdempotencyPolicy>();

  constructor(
    private readonly reflector: Reflector,
    private readonly requests: IdempotentRequests,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    if (request.method !== 'POST') return next.handle();
    const policy = this.policyOf(context);
    if (policy.ignored) return next.handle();
    return from(this.requests.admit(request, http.getResponse<FastifyReply>(), policy)).pipe(
      // A replay skips the handler; the onSend hook puts the first answer in place of this empty one.
      switchMap((admitted) => (admitted === 'run' ? next.handle() : of(null))),
    );
  }

  private policyOf(context: ExecutionContext): IdempotencyPolicy {
    const handler = context.getHandler();
    let policy = this.policies.get(handler);
    if (!policy) {
      policy =
        this.reflector.get<IdempotencyPolicy | undefined>(IDEMPOTENCY_POLICY, handler) ?? HONOURED_WHEN_SENT;
      this.policies.set(handler, policy);
    }
    return policy;
  }
}

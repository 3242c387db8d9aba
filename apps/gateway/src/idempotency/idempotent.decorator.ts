import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ApiExtension, ApiHeader } from '@nestjs/swagger';
import { IDEMPOTENCY_KEY_HEADER, IDEMPOTENCY_KEY_MAX_LENGTH } from './idempotency-key';

export const IDEMPOTENCY_POLICY = 'bazaar:idempotency';
/** Marks, in the OpenAPI document, a POST that ignores the header (removed once the document is completed). */
export const IDEMPOTENCY_IGNORED_EXTENSION = 'x-idempotency-key-ignored';

/** How a route treats `Idempotency-Key`. Every POST honours it when it is sent; `required` refuses it missing. */
export interface IdempotencyPolicy {
  required: boolean;
  ignored?: boolean;
}

/**
 * The route needs `Idempotency-Key` (400 without it): a request the client must be able to retry safely, such
 * as checkout. Other POSTs honour the header without this decorator.
 */
export const Idempotent = ({ required }: { required: boolean }): MethodDecorator =>
  applyDecorators(
    SetMetadata(IDEMPOTENCY_POLICY, { required } satisfies IdempotencyPolicy),
    ApiHeader({
      name: IDEMPOTENCY_KEY_HEADER,
      required,
      description:
        'Chosen by the client, one per operation it means to perform once (a UUID will do). A retry with the ' +
        'same key and body gets the first answer again (`Idempotent-Replayed: true`)',
      schema: { type: 'string', pattern: `^[\\x21-\\x7e]{1,${IDEMPOTENCY_KEY_MAX_LENGTH}}$` },
    }),
  );

/**
 * A POST whose answers must never be kept, such as login and refresh, which carry credentials: the header is
 * ignored and every request runs.
 */
export const SkipIdempotency = (): MethodDecorator =>
  applyDecorators(
    SetMetadata(IDEMPOTENCY_POLICY, { required: false, ignored: true } satisfies IdempotencyPolicy),
    ApiExtension(IDEMPOTENCY_IGNORED_EXTENSION, true),
  );

/**
 * The request's Idempotency-Key, for a handler that passes it on (checkout gives it to orders). A parameter
 * decorator of our own rather than `@Headers()`, which the OpenAPI document would list a second time, lower-case,
 * beside the one `@Idempotent()` documents. The interceptor has checked it before the handler runs.
 */
export const IdempotencyKey = createParamDecorator(
  (_: unknown, context: ExecutionContext): string | undefined => {
    const header = context.switchToHttp().getRequest<FastifyRequest>().headers[
      IDEMPOTENCY_KEY_HEADER.toLowerCase()
    ];
    return typeof header === 'string' ? header : undefined;
  },
);

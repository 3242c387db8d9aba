import { ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  ThrottlerLimitDetail,
  type ThrottlerModuleOptions,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import type { FastifyReply } from 'fastify';
import { DomainError } from '@bazaar/platform';
import { memoizedReflector } from './memoized-reflector';

/**
 * @nestjs/throttler's guard, answering like the rest of the API: 429 problem+json, a standard `Retry-After`
 * (seconds) whichever limit was hit, and a log line naming the limit. Route metadata is read once per route.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  private readonly log = new Logger('RateLimit');

  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
  ) {
    super(options, storage, memoizedReflector(reflector));
  }

  protected override async throwThrottlingException(
    context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const retryAfter = Math.max(1, Math.ceil(detail.timeToBlockExpire));
    void context.switchToHttp().getResponse<FastifyReply>().header('retry-after', String(retryAfter));
    this.log.warn({ key: detail.key, retryAfter, msg: 'rate limit reached' });
    return Promise.reject(
      new DomainError('RATE_LIMITED', `Too many requests; retry in ${retryAfter} s.`, { retryAfter }),
    );
  }
}

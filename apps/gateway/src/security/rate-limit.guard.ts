import { ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  ThrottlerLimitDetail,
  type ThrottlerModuleOptions,
  type ThrottlerOptions,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import {
  THROTTLER_BLOCK_DURATION,
  THROTTLER_KEY_GENERATOR,
  THROTTLER_LIMIT,
  THROTTLER_SKIP,
  THROTTLER_TRACKER,
  THROTTLER_TTL,
} from '@nestjs/throttler/dist/throttler.constants';
import type { FastifyReply } from 'fastify';
import { rateLimited } from './rate-limit.errors';

/** One throttler as it applies to one route: the module's options with the route's `@Throttle()` overrides. */
interface RouteLimit {
  name: string;
  skip: boolean;
  skipIf?: (context: ExecutionContext) => boolean;
  /** Read per request: a module option given as a function follows the live config. */
  limit: (context: ExecutionContext) => number;
  ttl: number;
  blockDuration: number;
  getTracker: NonNullable<ThrottlerOptions['getTracker']>;
  generateKey: NonNullable<ThrottlerOptions['generateKey']>;
}

// Re-implements ThrottlerGuard's request path: docs/adr/0003-rate-limit-guard-and-fixed-window-storage.md
/**
 * @nestjs/throttler's guard with its options, storage and decorators, answering like the rest of the API (429
 * problem+json, a standard `Retry-After` in seconds, a log line naming the limit), and with a leaner request
 * path: each route's limits are read from its metadata once, and a request costs one storage call per limit
 * that applies. The library's `canActivate` re-reads six metadata keys per throttler and awaits each value,
 * some fifteen promises per request on every route of the gateway. Limits must be numbers, or for a module option's
 * `limit` a function answering a number at once (read per request, so a live config change applies to the next
 * request), `ignoreUserAgents` unset and `setHeaders` false (checked at start-up), which is all this gateway
 * configures.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  private readonly log = new Logger('RateLimit');
  private readonly routes = new WeakMap<object, RouteLimit[]>();

  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
  ) {
    super(options, storage, reflector);
  }

  /** Refuses at start-up the library options this guard's request path does not apply. */
  override async onModuleInit(): Promise<void> {
    await super.onModuleInit();
    const unsupported = (name: string | undefined, what: string) =>
      new Error(`rate limit "${name ?? 'default'}": ${what} (not supported by RateLimitGuard)`);
    for (const throttler of this.throttlers) {
      for (const option of ['limit', 'ttl', 'blockDuration'] as const) {
        const value = throttler[option];
        const allowed = typeof value === 'number' || (option === 'limit' && typeof value === 'function');
        if (value !== undefined && !allowed) {
          throw unsupported(throttler.name, `${option} must be a number`);
        }
      }
      if (throttler.ignoreUserAgents ?? this.commonOptions.ignoreUserAgents) {
        throw unsupported(throttler.name, 'ignoreUserAgents is set');
      }
      if ((throttler.setHeaders ?? this.commonOptions.setHeaders) !== false) {
        throw unsupported(throttler.name, 'setHeaders must be false');
      }
    }
  }

  override canActivate(context: ExecutionContext): Promise<boolean> {
    let verdict: Promise<boolean> | undefined;
    for (const route of this.limitsOf(context)) {
      if (route.skip || route.skipIf?.(context)) continue;
      verdict = verdict
        ? verdict.then((allowed) => allowed && this.count(context, route))
        : this.count(context, route);
    }
    return verdict ?? Promise.resolve(true);
  }

  protected override async throwThrottlingException(
    context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const retryAfter = Math.max(1, Math.ceil(detail.timeToBlockExpire));
    void context.switchToHttp().getResponse<FastifyReply>().header('retry-after', String(retryAfter));
    this.log.warn({ key: detail.key, retryAfter, msg: 'rate limit reached' });
    return Promise.reject(rateLimited(retryAfter));
  }

  /** Counts this request against one limit: true when it is within it, a 429 rejection when not. */
  private count(context: ExecutionContext, route: RouteLimit): Promise<boolean> {
    const { req } = this.getRequestResponse(context);
    const tracked = route.getTracker(req, context);
    const limit = route.limit(context);
    const withTracker = (tracker: string): Promise<boolean> => {
      const key = route.generateKey(context, tracker, route.name);
      return this.storageService
        .increment(key, route.ttl, limit, route.blockDuration, route.name)
        .then((record) =>
          record.isBlocked
            ? this.throwThrottlingException(context, {
                ...record,
                limit,
                ttl: route.ttl,
                key,
                tracker,
              }).then(() => false)
            : true,
        );
    };
    return typeof tracked === 'string' ? withTracker(tracked) : tracked.then(withTracker);
  }

  /** The limits of the route being called, read from the module options and its metadata on first use. */
  private limitsOf(context: ExecutionContext): RouteLimit[] {
    const handler = context.getHandler();
    let limits = this.routes.get(handler);
    if (!limits) {
      const targets = [handler, context.getClass()];
      const route = <T>(key: string, name: string) =>
        this.reflector.getAllAndOverride<T | undefined>(key + name, targets);
      // `@Throttle()` accepts functions too; like the module's options, this guard takes numbers only.
      const numeric = (key: string, name: string, fallback: number | undefined): number | undefined => {
        const value = route<unknown>(key, name) ?? fallback;
        if (value !== undefined && typeof value !== 'number') {
          throw new Error(`@Throttle() on ${handler.name}: ${key} of "${name}" must be a number`);
        }
        return value;
      };
      limits = this.throttlers.map((throttler): RouteLimit => {
        const name = throttler.name ?? 'default';
        const ttl = numeric(THROTTLER_TTL, name, throttler.ttl as number) as number;
        return {
          name,
          skip: route<boolean>(THROTTLER_SKIP, name) === true,
          skipIf: throttler.skipIf ?? this.commonOptions.skipIf,
          limit: limitOf(numeric(THROTTLER_LIMIT, name, undefined), throttler, handler.name),
          ttl,
          blockDuration:
            numeric(THROTTLER_BLOCK_DURATION, name, throttler.blockDuration as number | undefined) ?? ttl,
          getTracker:
            route<RouteLimit['getTracker']>(THROTTLER_TRACKER, name) ??
            throttler.getTracker ??
            this.commonOptions.getTracker!,
          generateKey:
            route<RouteLimit['generateKey']>(THROTTLER_KEY_GENERATOR, name) ??
            throttler.generateKey ??
            this.commonOptions.generateKey!,
        };
      });
      this.routes.set(handler, limits);
    }
    return limits;
  }
}

/**
 * A route's limit: its own `@Throttle()` number, else the module option, a number or a function asked on each
 * request (it must answer a number at once: the request path stays free of extra promises).
 */
function limitOf(
  routeLimit: number | undefined,
  throttler: ThrottlerOptions,
  handlerName: string,
): RouteLimit['limit'] {
  const option = routeLimit ?? throttler.limit;
  if (typeof option === 'number') return () => option;
  return (context) => {
    const value = option(context);
    if (typeof value !== 'number') {
      throw new Error(
        `rate limit "${throttler.name ?? 'default'}" on ${handlerName}: limit must answer a number`,
      );
    }
    return value;
  };
}

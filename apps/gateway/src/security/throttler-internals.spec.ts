import { createHash } from 'node:crypto';
import { ExecutionContext } from '@nestjs/common';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { Test } from '@nestjs/testing';
import {
  SkipThrottle,
  Throttle,
  ThrottlerGuard,
  ThrottlerModule,
  ThrottlerModuleOptions,
  ThrottlerStorageService,
} from '@nestjs/throttler';
import {
  THROTTLER_BLOCK_DURATION,
  THROTTLER_KEY_GENERATOR,
  THROTTLER_LIMIT,
  THROTTLER_SKIP,
  THROTTLER_TRACKER,
  THROTTLER_TTL,
} from '@nestjs/throttler/dist/throttler.constants';
import { DomainError } from '@bazaar/platform';
import { FixedWindowThrottlerStorage } from './fixed-window-storage';
import { RateLimitGuard } from './rate-limit.guard';

const ADR = 'docs/adr/0003-rate-limit-guard-and-fixed-window-storage.md';

const routeTracker = (req: Record<string, unknown>) => `route:${String(req.ip)}`;
const routeKey = (_context: ExecutionContext, tracker: string, name: string) => `${name}:${tracker}`;

class Routes {
  @Throttle({ global: { limit: 1, ttl: 60_000, blockDuration: 30_000 } })
  limited(): void {}

  @SkipThrottle({ global: true })
  skipped(): void {}

  open(): void {}

  @Throttle({ global: { limit: 2, ttl: 1_000, getTracker: routeTracker, generateKey: routeKey } })
  custom(): void {}
}

/**
 * What RateLimitGuard and the storages rely on inside @nestjs/throttler: the metadata keys its decorators write
 * (read through a deep import), the members ThrottlerGuard sets up for subclasses, and the storage record shape.
 */
describe('@nestjs/throttler internals the rate-limit guard relies on', () => {
  it('writes @Throttle() and @SkipThrottle() metadata under the deep-imported keys + the throttler name', () => {
    const read = (key: string, method: keyof Routes): unknown =>
      Reflect.getMetadata(key + 'global', Routes.prototype[method]);
    expect(read(THROTTLER_LIMIT, 'limited')).toBe(1);
    expect(read(THROTTLER_TTL, 'limited')).toBe(60_000);
    expect(read(THROTTLER_BLOCK_DURATION, 'limited')).toBe(30_000);
    expect(read(THROTTLER_TRACKER, 'custom')).toBe(routeTracker);
    expect(read(THROTTLER_KEY_GENERATOR, 'custom')).toBe(routeKey);
    expect(read(THROTTLER_SKIP, 'skipped')).toBe(true);
  });

  describe('RateLimitGuard on ThrottlerGuard', () => {
    const storage = new FixedWindowThrottlerStorage();
    const keys: string[] = [];
    let guard: RateLimitGuard;
    let close: () => Promise<void>;

    beforeAll(async () => {
      const increment = storage.increment.bind(storage);
      storage.increment = (key, ...rest) => {
        keys.push(key);
        return increment(key, ...rest);
      };
      ({ guard, close } = await guardWith({
        setHeaders: false,
        storage,
        throttlers: [{ name: 'global', ttl: 60_000, limit: 3, getTracker: (req) => String(req.ip) }],
      }));
    });

    afterAll(async () => {
      await close();
      storage.onModuleDestroy();
    });

    it('counts a route against its @Throttle() limit through storageService, blocking with its blockDuration', async () => {
      const call = contextFor('limited', '10.0.0.1');
      await expect(guard.canActivate(call.context)).resolves.toBe(true);
      const refused = await guard.canActivate(call.context).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(DomainError);
      expect(refused).toMatchObject({ code: 'RATE_LIMITED', details: { retryAfter: 30 } });
      expect(call.headers).toEqual({ 'retry-after': '30' });
    });

    it('falls back to the module limit on routes without @Throttle()', async () => {
      const call = contextFor('open', '10.0.0.2');
      for (let i = 0; i < 3; i++) await expect(guard.canActivate(call.context)).resolves.toBe(true);
      await expect(guard.canActivate(call.context)).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    });

    it('never counts a route marked @SkipThrottle() for that throttler', async () => {
      const call = contextFor('skipped', '10.0.0.3');
      const before = keys.length;
      for (let i = 0; i < 10; i++) await expect(guard.canActivate(call.context)).resolves.toBe(true);
      expect(keys.length).toBe(before);
    });

    it('uses the tracker and key generator a route names, reading the request from getRequestResponse', async () => {
      await guard.canActivate(contextFor('custom', '10.0.0.4').context);
      expect(keys).toContain('global:route:10.0.0.4');
    });
  });

  it('fills commonOptions in ThrottlerGuard.onModuleInit, which RateLimitGuard checks at start-up', async () => {
    // setHeaders left unset means the library default (true), which the guard's request path does not apply.
    await expect(
      guardWith({
        storage: new FixedWindowThrottlerStorage(),
        throttlers: [{ name: 'x', ttl: 1, limit: 1 }],
      }),
    ).rejects.toThrow('rate limit "x": setHeaders must be false (not supported by RateLimitGuard)');
  });

  it('returns storage records of the shape the custom storages return', async () => {
    const library = new ThrottlerStorageService();
    const ours = new FixedWindowThrottlerStorage();
    try {
      const expected = Object.keys(await library.increment('k', 1_000, 1, 1_000, 'default')).sort();
      expect(Object.keys(await ours.increment('k', 1_000, 1, 1_000)).sort()).toEqual(expected);
    } finally {
      library.onApplicationShutdown();
      ours.onModuleDestroy();
    }
  });

  it('still has the ThrottlerGuard request path RateLimitGuard re-implements, as it was reviewed', () => {
    const reviewed: Array<[string, unknown, string]> = [
      ['ThrottlerGuard.canActivate', ThrottlerGuard.prototype.canActivate, '804c4f4d3b82fa7a'],
      [
        'ThrottlerGuard.handleRequest',
        Reflect.get(ThrottlerGuard.prototype, 'handleRequest'),
        '6ae1563eeb39d283',
      ],
    ];
    const changed = reviewed
      .filter(([, fn, reviewedHash]) => sourceFingerprint(fn) !== reviewedHash)
      .map(
        ([name]) => `${name} changed upstream: compare it with RateLimitGuard (${ADR}), then update its hash`,
      );
    expect(changed).toEqual([]);
  });
});

async function guardWith(
  options: ThrottlerModuleOptions,
): Promise<{ guard: RateLimitGuard; close: () => Promise<void> }> {
  const moduleRef = await Test.createTestingModule({
    imports: [ThrottlerModule.forRoot(options)],
    providers: [RateLimitGuard],
  }).compile();
  try {
    await moduleRef.init();
  } catch (error) {
    await moduleRef.close();
    throw error;
  }
  return { guard: moduleRef.get(RateLimitGuard), close: () => moduleRef.close() };
}

/** An HTTP execution context for one method of Routes, from one client address, recording reply headers. */
function contextFor(
  method: keyof Routes,
  ip: string,
): { context: ExecutionContext; headers: Record<string, string> } {
  const headers: Record<string, string> = {};
  const reply = {
    header(name: string, value: string) {
      headers[name] = value;
      return reply;
    },
  };
  const context = new ExecutionContextHost([{ ip, headers: {} }, reply], Routes, Routes.prototype[method]);
  context.setType('http');
  return { context, headers };
}

/** A short hash of a function's source, whitespace-insensitive. */
function sourceFingerprint(fn: unknown): string {
  return createHash('sha256').update(String(fn).replace(/\s+/g, ' ')).digest('hex').slice(0, 16);
}

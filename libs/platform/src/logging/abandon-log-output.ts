import pino, { Logger } from 'pino';

type Stream = Record<'write' | 'flush' | 'flushSync' | 'end', (...args: unknown[]) => unknown>;

const noop = () => undefined;

/**
 * Drops what the logger still buffers and everything it is given from now on: for when its output has no reader
 * any more (the launcher that read it died). pino does the same once a write fails with EPIPE, but its exit hook
 * flushes synchronously first, and sonic-boom's `flushSync` retries a broken pipe forever: the process would
 * hang on `process.exit`, ignoring every further SIGTERM. Leans on pino's exported `symbols.streamSym`; the
 * launcher e2e test (SIGKILL the launcher, nothing remains) fails if this stops working.
 */
export function abandonLogOutput(logger: Logger): void {
  const stream = (logger as unknown as Record<symbol, Partial<Stream> | undefined>)[pino.symbols.streamSym];
  if (!stream) return;
  for (const method of ['write', 'flush', 'flushSync', 'end'] as const) stream[method] = noop;
}

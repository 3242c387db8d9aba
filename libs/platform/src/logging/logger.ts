import { LoggerService } from '@nestjs/common';
import pino, { Logger, LevelWithSilent } from 'pino';
import { Tracing } from '@bazaar/observability';
import { RequestContext } from '../context/request-context';

export type LogLevel = LevelWithSilent;

// In place of nestjs-pino / nestjs-cls: docs/adr/0001-logger-and-request-context.md
/**
 * One JSON logger per process. The mixin stamps the request ID of the current async context on every line,
 * whichever transport started the work (HTTP, TCP, gRPC, bus), and, when tracing is on, the trace and span IDs
 * of the active span, so a line found in the logs opens its trace and a trace finds its lines.
 */
export function createRootLogger(service: string, level: LogLevel): Logger {
  return pino({
    level,
    base: { service, pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    mixin: () => {
      const requestId = RequestContext.requestId();
      const ids = Tracing.activeIds();
      if (ids) return requestId ? { requestId, traceId: ids.traceId, spanId: ids.spanId } : ids;
      return requestId ? { requestId } : {};
    },
  });
}

/** Nest's logger interface on top of pino, so framework messages come out as the same JSON lines. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly root: Logger) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    // Nest reports a failed start-up here with the stack; a configuration error is reported once, as the
    // fatal line naming each variable, by bootstrapService.
    if (message instanceof Error && message.name === 'ConfigError') return;
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  /** Nest passes `(message, context)` or `(message, stack, context)`; the last string is the context. */
  private write(
    level: 'info' | 'error' | 'warn' | 'debug' | 'trace' | 'fatal',
    message: unknown,
    rest: unknown[],
  ) {
    const context = typeof rest[rest.length - 1] === 'string' ? (rest[rest.length - 1] as string) : undefined;
    const stack = level === 'error' && rest.length > 1 && typeof rest[0] === 'string' ? rest[0] : undefined;
    const fields: Record<string, unknown> = context ? { context } : {};
    if (stack) fields.stack = stack;
    if (message instanceof Error) {
      this.root[level]({ ...fields, err: message }, message.message);
    } else if (typeof message === 'object' && message !== null) {
      this.root[level]({ ...fields, ...(message as Record<string, unknown>) });
    } else {
      this.root[level](fields, String(message));
    }
  }
}

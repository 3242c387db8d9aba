import { Logger, LoggerService } from '@nestjs/common';
import pino from 'pino';
import { PinoNestLogger } from './logger';

/**
 * PinoNestLogger reads Nest's calling convention, not a documented contract: `(message, context)` or
 * `(message, stack, context)`, with the context appended by Nest's Logger (docs/adr/0001-logger-and-request-context.md).
 * Driven here through Nest's own Logger, as every `new Logger('Name')` in the code base is.
 */
describe("Nest's logger calls as the pino adapter reads them", () => {
  let lines: Array<Record<string, unknown>>;
  let previous: LoggerService | undefined;

  beforeEach(() => {
    lines = [];
    const root = pino(
      {
        level: 'trace',
        base: undefined,
        timestamp: false,
        formatters: { level: (label) => ({ level: label }) },
      },
      { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) },
    );
    previous = Reflect.get(Logger, 'staticInstanceRef') as LoggerService | undefined;
    Logger.overrideLogger(new PinoNestLogger(root));
  });

  afterEach(() => {
    Logger.overrideLogger(previous ?? false);
  });

  const logger = new Logger('Orders');

  it('passes the context after the message', () => {
    logger.log('ready');
    logger.debug('detail');
    logger.verbose('chatter');
    expect(lines).toEqual([
      { level: 'info', context: 'Orders', msg: 'ready' },
      { level: 'debug', context: 'Orders', msg: 'detail' },
      { level: 'trace', context: 'Orders', msg: 'chatter' },
    ]);
  });

  it('passes an error stack before the context, and a placeholder when there is none', () => {
    logger.error('failed', 'Error: failed\n    at somewhere');
    logger.error('failed without a stack');
    expect(lines).toEqual([
      { level: 'error', context: 'Orders', stack: 'Error: failed\n    at somewhere', msg: 'failed' },
      { level: 'error', context: 'Orders', msg: 'failed without a stack' },
    ]);
  });

  it('passes objects and errors through as they were given', () => {
    logger.warn({ msg: 'rpc handled', pattern: 'orders.get', outcome: 'ok' });
    logger.fatal(new TypeError('broken'));
    expect(lines[0]).toEqual({
      level: 'warn',
      context: 'Orders',
      msg: 'rpc handled',
      pattern: 'orders.get',
      outcome: 'ok',
    });
    expect(lines[1]).toMatchObject({
      level: 'fatal',
      context: 'Orders',
      msg: 'broken',
      err: { type: 'TypeError', message: 'broken' },
    });
  });
});

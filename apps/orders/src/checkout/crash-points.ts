import { Injectable, Logger } from '@nestjs/common';
import { OrdersConfig } from '../orders.config';
import { CrashPoint } from './crash-point-names';

/**
 * Fault injection for the crash tests, off unless ORDERS_TEST_CRASH_AT names a point (refused when NODE_ENV is production):
 * the first time the saga reaches it, the process kills itself with SIGKILL — no shutdown hook, no flush, no
 * answer — as a power cut or the OOM killer would. Once per process: a restarted one is started without it.
 */
@Injectable()
export class CrashPoints {
  private readonly logger = new Logger('CrashPoints');
  private readonly armed: CrashPoint | undefined;

  constructor(config: OrdersConfig) {
    this.armed = config.ORDERS_TEST_CRASH_AT;
    if (this.armed && process.env.NODE_ENV === 'production') {
      throw new Error('ORDERS_TEST_CRASH_AT is for the crash tests only: unset it (NODE_ENV is production)');
    }
    if (this.armed) this.logger.warn({ msg: 'test crash point armed', point: this.armed });
  }

  reached(point: CrashPoint, orderId: string): void {
    if (point !== this.armed) return;
    // Synchronous: the kill comes before anything else this process would do.
    process.stderr.write(
      `${JSON.stringify({ level: 'fatal', msg: 'test crash point reached', point, orderId })}\n`,
    );
    process.kill(process.pid, 'SIGKILL');
  }
}

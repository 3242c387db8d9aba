import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import { Counter } from 'prom-client';
import { InventoryConfig } from '../inventory.config';
import { ReservationsService } from './reservations.service';

export const RESERVATIONS_EXPIRED = 'inventory_reservations_expired_total';

/** Releases reservations nobody committed within their TTL, every RESERVATION_SWEEP_MS, and counts them. */
@Injectable()
export class ReservationExpiry implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('ReservationExpiry');
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    private readonly reservations: ReservationsService,
    private readonly config: InventoryConfig,
    @InjectMetric(RESERVATIONS_EXPIRED) private readonly expired: Counter<string>,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      // One sweep at a time: a slow database must not pile sweeps up.
      this.running ??= this.sweep().finally(() => (this.running = undefined));
    }, this.config.RESERVATION_SWEEP_MS);
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Expires everything due, batch by batch. */
  async sweep(): Promise<number> {
    let total = 0;
    try {
      for (;;) {
        const count = await this.reservations.expireDue();
        total += count;
        if (count === 0) break;
      }
    } catch (error) {
      this.logger.error({ err: error, msg: 'expiring reservations failed; retrying at the next sweep' });
    }
    if (total > 0) {
      this.expired.inc(total);
      this.logger.log({ msg: 'reservations expired', count: total });
    }
    return total;
  }
}

import { Injectable, Logger } from '@nestjs/common';
import { PspFaults } from '@bazaar/contracts';
import { PspSandboxConfig } from '../psp-sandbox.config';

/** The fault knobs in force: from the environment at start, changed at run time through the admin endpoint. */
@Injectable()
export class Faults {
  private readonly logger = new Logger('Faults');
  private current: PspFaults;
  private received = 0;

  constructor(readonly config: PspSandboxConfig) {
    this.current = {
      failureRate: config.PSP_SANDBOX_FAILURE_RATE,
      latencyMs: config.PSP_SANDBOX_LATENCY_MS,
      latencyJitterMs: config.PSP_SANDBOX_LATENCY_JITTER_MS,
      outage: config.PSP_SANDBOX_OUTAGE,
      lostResponseRate: config.PSP_SANDBOX_LOST_RESPONSE_RATE,
    };
  }

  get now(): PspFaults {
    return { ...this.current };
  }

  /** Counts one API request, whatever becomes of it (the faults apply after). */
  countRequest(): void {
    this.received++;
  }

  /** API requests received since start: how a caller proves it did not call (a breaker open, a refusal). */
  get requestsReceived(): number {
    return this.received;
  }

  update(changes: Partial<PspFaults>): PspFaults {
    const before = this.current;
    // A DTO instance holds every declared field, those not given as undefined: only the given ones change.
    const given = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
    this.current = { ...before, ...given };
    this.logger.log({ before, after: this.current }, 'fault knobs changed');
    return this.now;
  }
}

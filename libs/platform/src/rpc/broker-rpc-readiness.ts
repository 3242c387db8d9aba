import { Injectable } from '@nestjs/common';
import { ReadinessIndicator, ReadinessResult } from '@bazaar/health';

/** Whether this process's RPC server is consuming its broker queue; set by `RabbitMqRpcServer`. */
@Injectable()
export class BrokerRpcStatus {
  consuming = false;
  /** Why it is not consuming, for the readiness details. */
  reason = 'not connected yet';
}

/**
 * Readiness of a service whose RPC comes over RabbitMQ: down until its server consumes `rpc.<service>`, and
 * again while the connection is lost. (A TCP service is reachable once it listens: no indicator needed.)
 */
@Injectable()
export class BrokerRpcReadiness implements ReadinessIndicator {
  readonly name = 'rpc-queue';

  constructor(private readonly status: BrokerRpcStatus) {}

  check(): Promise<ReadinessResult> {
    return Promise.resolve(
      this.status.consuming ? { up: true } : { up: false, details: { message: this.status.reason } },
    );
  }
}

import { IsInt, Max, Min } from 'class-validator';
import { PlatformConfig } from '@bazaar/platform';

/**
 * Every environment variable of the orders service, validated at start-up: a bad value stops it with a message
 * naming the variable. PlatformConfig brings the ones every service reads (ports, logging, shutdown, RPC timeout);
 * this service's own are below, each with its rules and default.
 */
export class OrdersConfig extends PlatformConfig {
  /**
   * How long a claimed saga stays this instance's: another instance takes it over only once the lease expires, so
   * this bounds how late a killed instance's sagas are finished. Longer than any one step's call.
   */
  @IsInt()
  @Min(100)
  @Max(600_000)
  ORDERS_SAGA_LEASE_MS: number = 30_000;

  /** Wait between resume passes that found no due saga. */
  @IsInt()
  @Min(10)
  @Max(600_000)
  ORDERS_SAGA_POLL_MS: number = 1_000;

  /** Sagas claimed per pass. */
  @IsInt()
  @Min(1)
  @Max(1_000)
  ORDERS_SAGA_BATCH: number = 20;
}

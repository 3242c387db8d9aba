import { IsIn, IsInt, IsOptional, Max, Min, ValidateBy, ValidationOptions } from 'class-validator';
import { PlatformConfig } from '@bazaar/platform';
import { CRASH_POINTS, CrashPoint } from './checkout/crash-point-names';

/** A number above another variable's: a lease that could expire while its holder still waits on a call is no lease. */
function IsAbove(other: keyof OrdersConfig, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isAbove',
      constraints: [other],
      validator: {
        validate: (value: unknown, args) =>
          typeof value === 'number' && value > Number((args?.object as OrdersConfig)[other]),
        defaultMessage: (args) => `${args?.property ?? 'value'} must be above ${String(other)}`,
      },
    },
    options,
  );
}

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
  @IsAbove('ORDERS_PAYMENTS_TIMEOUT_MS')
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

  /**
   * How long after placing an order its payment may still be authorized: while payments (or inventory, before
   * it) is unavailable the saga retries until then, then cancels. Stored on the order when it is placed.
   */
  @IsInt()
  @Min(1_000)
  @Max(86_400_000)
  ORDERS_PAYMENT_DEADLINE_MS: number = 120_000;

  /**
   * How long a reservation is expected to hold (inventory's RESERVATION_TTL_S decides; its answer replaces this
   * estimate once stock is reserved). Stored on the order when it is placed.
   */
  @IsInt()
  @Min(1_000)
  @Max(86_400_000)
  ORDERS_RESERVATION_TTL_MS: number = 900_000;

  /** The first wait before a failed step is tried again; doubled on each further failure. */
  @IsInt()
  @Min(10)
  @Max(600_000)
  ORDERS_SAGA_RETRY_BASE_MS: number = 500;

  /** The longest wait between two tries of a failing step. */
  @IsInt()
  @Min(10)
  @Max(3_600_000)
  ORDERS_SAGA_RETRY_MAX_MS: number = 30_000;

  /** Failed tries of one compensation before the order is parked in COMPENSATION_FAILED for an admin. */
  @IsInt()
  @Min(1)
  @Max(1_000)
  ORDERS_COMPENSATION_MAX_ATTEMPTS: number = 20;

  /**
   * How long the saga waits for one payments call: above payments' own PAYMENTS_PROVIDER_TOTAL_TIMEOUT_MS (8 s by
   * default), so a slow provider is answered by payments rather than cut off here; below ORDERS_SAGA_LEASE_MS.
   */
  @IsInt()
  @Min(100)
  @Max(600_000)
  ORDERS_PAYMENTS_TIMEOUT_MS: number = 15_000;

  /**
   * Test-only fault injection (the crash tests): the saga kills its own process with SIGKILL the first time it
   * reaches this step boundary (see checkout/crash-points.ts). Unset in any real deployment; refused when
   * NODE_ENV is production.
   */
  @IsOptional()
  @IsIn(CRASH_POINTS)
  ORDERS_TEST_CRASH_AT?: CrashPoint;
}

import {
  IsInt,
  IsOptional,
  Matches,
  Max,
  Min,
  Validate,
  ValidationArguments,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { LiveReload } from '@bazaar/discovery';
import { PlatformConfig } from '@bazaar/platform';
import { DEFAULT_RESILIENCE_POLICY as POLICY, policyProblems, ResiliencePolicy } from '@bazaar/resilience';

/** The provider policy's fields agree with each other, so a KV change cannot pass field by field and break it. */
@ValidatorConstraint({ name: 'consistentProviderPolicy' })
class ConsistentProviderPolicy implements ValidatorConstraintInterface {
  validate(_value: unknown, args: ValidationArguments): boolean {
    return policyProblems((args.object as PaymentsConfig).providerPolicy).length === 0;
  }

  defaultMessage(args: ValidationArguments): string {
    return `the provider policy is inconsistent: ${policyProblems((args.object as PaymentsConfig).providerPolicy).join('; ')}`;
  }
}

/**
 * Every environment variable of the payments service, validated at start-up: a bad value stops it with a message
 * naming the variable. The PAYMENTS_PROVIDER_ knobs are the card processor's resilience policy
 * (docs/adr/0014-resilient-calls.md): per-attempt timeout, retries, total budget, and the circuit breaker.
 *
 * Live from Consul KV (`@LiveReload()`, applied to the running breaker without a restart): the attempt timeout,
 * retries, retry delays, total timeout, the breaker's error percentage and reset time, and the platform's
 * LOG_LEVEL and RPC_TIMEOUT_MS. The breaker's window, buckets and volume are fixed when it is built (restart).
 */
export class PaymentsConfig extends PlatformConfig {
  /** The card processor's base URL: psp-sandbox at its default port unless set. */
  @IsOptional()
  @Matches(/^https?:\/\/[^/]+$/, { message: 'PAYMENTS_PROVIDER_URL must be an http(s):// origin, no path' })
  PAYMENTS_PROVIDER_URL?: string = undefined;

  /** The largest authorization accepted, in minor units; larger ones are refused before the provider is called. */
  @IsInt()
  @Min(1)
  PAYMENTS_MAX_AMOUNT: number = 1_000_000;

  /** One provider call's time limit: its request is aborted when it passes. */
  @LiveReload()
  @IsInt()
  @Min(10)
  @Max(60_000)
  PAYMENTS_PROVIDER_ATTEMPT_TIMEOUT_MS: number = POLICY.attemptTimeoutMs;

  /** Retries after a retryable failure (timeout, 5xx, refused connection); never after a decline. */
  @LiveReload()
  @IsInt()
  @Min(0)
  @Max(10)
  PAYMENTS_PROVIDER_RETRIES: number = POLICY.retries;

  @LiveReload()
  @IsInt()
  @Min(0)
  @Max(60_000)
  PAYMENTS_PROVIDER_RETRY_BASE_DELAY_MS: number = POLICY.retryBaseDelayMs;

  @LiveReload()
  @IsInt()
  @Min(0)
  @Max(60_000)
  PAYMENTS_PROVIDER_RETRY_MAX_DELAY_MS: number = POLICY.retryMaxDelayMs;

  /** A whole operation's time limit, retries included; callers should wait a little longer than this. */
  @LiveReload()
  @IsInt()
  @Min(10)
  @Max(300_000)
  @Validate(ConsistentProviderPolicy)
  PAYMENTS_PROVIDER_TOTAL_TIMEOUT_MS: number = POLICY.totalTimeoutMs;

  /** Percent of failed calls in the rolling window that opens the breaker. */
  @LiveReload()
  @IsInt()
  @Min(1)
  @Max(100)
  PAYMENTS_BREAKER_ERROR_PERCENT: number = POLICY.errorThresholdPercentage;

  @IsInt()
  @Min(100)
  @Max(600_000)
  PAYMENTS_BREAKER_WINDOW_MS: number = POLICY.rollingWindowMs;

  @IsInt()
  @Min(1)
  @Max(100)
  PAYMENTS_BREAKER_BUCKETS: number = POLICY.rollingBuckets;

  /** The fewest calls in the window before the failure share can open the breaker. */
  @IsInt()
  @Min(1)
  @Max(10_000)
  PAYMENTS_BREAKER_VOLUME: number = POLICY.volumeThreshold;

  /** How long the breaker stays open before one probe call is let through. */
  @LiveReload()
  @IsInt()
  @Min(10)
  @Max(600_000)
  PAYMENTS_BREAKER_RESET_MS: number = POLICY.resetTimeoutMs;

  get providerUrl(): string {
    return this.PAYMENTS_PROVIDER_URL ?? `http://127.0.0.1:${process.env.PSP_SANDBOX_HTTP_PORT ?? 3105}`;
  }

  get providerPolicy(): ResiliencePolicy {
    return {
      attemptTimeoutMs: this.PAYMENTS_PROVIDER_ATTEMPT_TIMEOUT_MS,
      retries: this.PAYMENTS_PROVIDER_RETRIES,
      retryBaseDelayMs: this.PAYMENTS_PROVIDER_RETRY_BASE_DELAY_MS,
      retryMaxDelayMs: this.PAYMENTS_PROVIDER_RETRY_MAX_DELAY_MS,
      totalTimeoutMs: this.PAYMENTS_PROVIDER_TOTAL_TIMEOUT_MS,
      errorThresholdPercentage: this.PAYMENTS_BREAKER_ERROR_PERCENT,
      rollingWindowMs: this.PAYMENTS_BREAKER_WINDOW_MS,
      rollingBuckets: this.PAYMENTS_BREAKER_BUCKETS,
      volumeThreshold: this.PAYMENTS_BREAKER_VOLUME,
      resetTimeoutMs: this.PAYMENTS_BREAKER_RESET_MS,
    };
  }
}

/** The variables of the provider policy a running breaker takes (`ResilientCall.updatePolicy`). */
export const PROVIDER_POLICY_LIVE_KEYS = [
  'PAYMENTS_PROVIDER_ATTEMPT_TIMEOUT_MS',
  'PAYMENTS_PROVIDER_RETRIES',
  'PAYMENTS_PROVIDER_RETRY_BASE_DELAY_MS',
  'PAYMENTS_PROVIDER_RETRY_MAX_DELAY_MS',
  'PAYMENTS_PROVIDER_TOTAL_TIMEOUT_MS',
  'PAYMENTS_BREAKER_ERROR_PERCENT',
  'PAYMENTS_BREAKER_RESET_MS',
] as const satisfies ReadonlyArray<keyof PaymentsConfig>;

import { IsIn, IsInt, IsNumber, Max, Min } from 'class-validator';
import { PlatformConfig } from '@bazaar/platform';

/**
 * Every environment variable of psp-sandbox, validated at start-up: a bad value stops it with a message naming the
 * variable. The PSP_SANDBOX_ fault knobs are the starting values; `PUT /v1/sandbox/faults` changes them at run time.
 */
export class PspSandboxConfig extends PlatformConfig {
  /** 0-1: the share of API requests answered 500 before anything is done. */
  @IsNumber()
  @Min(0)
  @Max(1)
  PSP_SANDBOX_FAILURE_RATE: number = 0;

  /** Added to every API request, plus a random 0..PSP_SANDBOX_LATENCY_JITTER_MS. */
  @IsInt()
  @Min(0)
  @Max(60_000)
  PSP_SANDBOX_LATENCY_MS: number = 0;

  @IsInt()
  @Min(0)
  @Max(60_000)
  PSP_SANDBOX_LATENCY_JITTER_MS: number = 0;

  /** `reset`: API connections are dropped unanswered; `hang`: API requests are never answered. */
  @IsIn(['none', 'reset', 'hang'])
  PSP_SANDBOX_OUTAGE: 'none' | 'reset' | 'hang' = 'none';

  /** 0-1: the share of successful writes whose answer is lost after the charge is made. */
  @IsNumber()
  @Min(0)
  @Max(1)
  PSP_SANDBOX_LOST_RESPONSE_RATE: number = 0;

  /** How long an unanswered request (hang, lost answer) keeps its connection before it is dropped. */
  @IsInt()
  @Min(100)
  @Max(600_000)
  PSP_SANDBOX_HANG_MAX_MS: number = 60_000;

  /** The largest authorization, in minor units. */
  @IsInt()
  @Min(1)
  PSP_SANDBOX_MAX_AMOUNT: number = 10_000_000;
}

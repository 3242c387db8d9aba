import { IsIn, IsInt, IsNumber, IsOptional, Max, Min } from 'class-validator';
import { PspFaults } from '@bazaar/contracts';

/** A change of the fault knobs: the fields given, each within its bounds. */
export class UpdateFaultsDto implements Partial<PspFaults> {
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(1)
  failureRate?: number;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(60_000)
  latencyMs?: number;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(60_000)
  latencyJitterMs?: number;

  @IsOptional()
  @IsIn(['none', 'reset', 'hang'])
  outage?: PspFaults['outage'];

  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(1)
  lostResponseRate?: number;
}

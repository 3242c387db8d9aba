import { IsBoolean, IsInt, IsOptional, Max, Min } from 'class-validator';
import { BooleanFromEnv, PlatformConfig } from '@bazaar/platform';

export class InventoryConfig extends PlatformConfig {
  /** A reservation not committed within this many seconds is released automatically. */
  @IsInt()
  @Min(1)
  @Max(86_400)
  RESERVATION_TTL_S: number = 900;

  /** How often expired reservations are looked for. */
  @IsInt()
  @Min(100)
  @Max(600_000)
  RESERVATION_SWEEP_MS: number = 5_000;

  /** Give every demo product stock once. Defaults to on when the service runs embedded. */
  @IsOptional()
  @BooleanFromEnv()
  @IsBoolean()
  INVENTORY_SEED?: boolean = undefined;
}

import { IsInt, Max, Min } from 'class-validator';
import { PlatformConfig } from '@bazaar/platform';

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
}

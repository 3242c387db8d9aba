import { IsBoolean, IsOptional } from 'class-validator';
import { BooleanFromEnv, PlatformConfig } from '@bazaar/platform';

export class CatalogConfig extends PlatformConfig {
  /** Load the demo catalog once into an empty database. Defaults to on when the service runs embedded. */
  @IsOptional()
  @BooleanFromEnv()
  @IsBoolean()
  CATALOG_SEED?: boolean = undefined;
}

import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DatabaseConnection } from '@bazaar/persistence';
import { CatalogConfig } from '../catalog.config';
import { SeedRepository } from './seed.repository';

const SEED_NAME = 'demo-catalog-v1';

/**
 * Loads the demo catalog once per database, before the service reports ready: on when the service runs embedded,
 * or when CATALOG_SEED says so.
 */
@Injectable()
export class CatalogSeed implements OnModuleInit {
  private readonly logger = new Logger('Seed');

  constructor(
    private readonly seeds: SeedRepository,
    private readonly config: CatalogConfig,
    @Inject(DatabaseConnection) private readonly connection: DatabaseConnection,
  ) {}

  async onModuleInit(): Promise<void> {
    const enabled = this.config.CATALOG_SEED ?? this.connection.profile === 'embedded';
    if (!enabled) return;
    const inserted = await this.run();
    if (inserted > 0) this.logger.log({ msg: 'demo catalog loaded', products: inserted });
  }

  /** Returns the number of products inserted (0 when this seed already ran). */
  run(): Promise<number> {
    return this.seeds.loadOnce(SEED_NAME);
  }
}

import { BootedService, bootService } from '../../../test/support/boot-service';
import { AppModule } from '../src/app.module';

export type BootedCatalog = BootedService;

/** The catalog in-process on its TCP transport and a fresh database; the demo seed is off unless `env` says. */
export function bootCatalog(env: Record<string, string> = {}): Promise<BootedCatalog> {
  return bootService('catalog', AppModule, { CATALOG_SEED: 'false', ...env });
}

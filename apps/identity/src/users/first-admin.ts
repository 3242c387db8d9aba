import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DatabaseConnection } from '@bazaar/persistence';
import { IdentityConfig } from '../identity.config';
import { UsersService } from './users.service';

/** The account the embedded profile creates when no admin is configured. */
export const EMBEDDED_ADMIN_EMAIL = 'admin@bazaar.local';

/**
 * Makes sure someone can administer the platform. With `BAZAAR_ADMIN_EMAIL`/`BAZAAR_ADMIN_PASSWORD`, that
 * account is created (or given the admin role; its password is never overwritten). Without them, the embedded
 * profile creates `admin@bazaar.local` with a random password and prints it once, on creation only.
 */
@Injectable()
export class FirstAdmin implements OnApplicationBootstrap {
  private readonly logger = new Logger('FirstAdmin');

  constructor(
    private readonly users: UsersService,
    private readonly config: IdentityConfig,
    @Inject(DatabaseConnection) private readonly connection: DatabaseConnection,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const email = this.config.BAZAAR_ADMIN_EMAIL;
    const password = this.config.BAZAAR_ADMIN_PASSWORD;
    if (email && password) return this.ensure(email, password, false);
    if (email || password) {
      throw new Error('Set both BAZAAR_ADMIN_EMAIL and BAZAAR_ADMIN_PASSWORD, or neither.');
    }
    if (await this.users.anyAdmin()) return;
    if (!(this.config.BAZAAR_ADMIN_GENERATE ?? this.connection.profile === 'embedded')) {
      this.logger.warn('No administrator exists: set BAZAAR_ADMIN_EMAIL and BAZAAR_ADMIN_PASSWORD.');
      return;
    }
    await this.ensure(EMBEDDED_ADMIN_EMAIL, randomBytes(12).toString('base64url'), true);
  }

  private async ensure(email: string, password: string, announce: boolean): Promise<void> {
    const outcome = await this.users.ensureAdmin(email, password);
    if (outcome === 'promoted') this.logger.log({ msg: 'administrator role given', email });
    if (outcome !== 'created') return;
    if (announce) {
      // Printed once, when the account is created: the only place this password ever appears.
      this.logger.warn({ msg: `administrator created: ${email} / ${password} (shown once; change it)` });
    } else {
      this.logger.log({ msg: 'administrator created', email });
    }
  }
}

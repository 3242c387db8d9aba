import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DatabaseConnection } from '@bazaar/persistence';
import { IdentityDatabase } from '../database/identity-database';
import { IdentityConfig } from '../identity.config';
import { UsersService } from './users.service';
import { normalizeEmail } from './user-view';

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
    private readonly db: IdentityDatabase,
    private readonly users: UsersService,
    private readonly config: IdentityConfig,
    @Inject(DatabaseConnection) private readonly connection: DatabaseConnection,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const email = this.config.BAZAAR_ADMIN_EMAIL;
    const password = this.config.BAZAAR_ADMIN_PASSWORD;
    if (email && password) return this.ensure(normalizeEmail(email), password, false);
    if (email || password) {
      throw new Error('Set both BAZAAR_ADMIN_EMAIL and BAZAAR_ADMIN_PASSWORD, or neither.');
    }
    const anyAdmin = await this.db.user.count({ where: { roles: { has: 'admin' } } });
    if (anyAdmin > 0) return;
    if (!(this.config.BAZAAR_ADMIN_GENERATE ?? this.connection.profile === 'embedded')) {
      this.logger.warn('No administrator exists: set BAZAAR_ADMIN_EMAIL and BAZAAR_ADMIN_PASSWORD.');
      return;
    }
    await this.ensure(EMBEDDED_ADMIN_EMAIL, randomBytes(12).toString('base64url'), true);
  }

  private async ensure(email: string, password: string, announce: boolean): Promise<void> {
    const existing = await this.db.user.findUnique({ where: { email }, select: { id: true, roles: true } });
    if (existing) {
      if (!existing.roles.includes('admin')) {
        await this.db.user.update({ where: { email }, data: { roles: { push: 'admin' } } });
        this.logger.log({ msg: 'administrator role given', email });
      }
      return;
    }
    try {
      await this.users.register({ email, displayName: 'Administrator', password }, ['customer', 'admin']);
    } catch (error) {
      // A second identity instance starting at the same moment created it first.
      if ((error as { code?: string }).code === 'EMAIL_TAKEN') return;
      throw error;
    }
    if (announce) {
      // Printed once, when the account is created: the only place this password ever appears.
      this.logger.warn({ msg: `administrator created: ${email} / ${password} (shown once; change it)` });
    } else {
      this.logger.log({ msg: 'administrator created', email });
    }
  }
}

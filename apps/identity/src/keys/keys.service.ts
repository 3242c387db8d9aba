import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import path from 'node:path';
import { JsonWebKeySet } from '@bazaar/contracts';
import { generateKeyFile, JwksSource, keyFromPem, readKeyFiles, SigningKey } from '@bazaar/auth';
import { bazaarHome, DatabaseConnection } from '@bazaar/persistence';
import { IdentityConfig } from '../identity.config';

/** Tokens may be checked a little after they expire by verifiers whose clocks run behind. */
const CLOCK_SKEW_MS = 60_000;

/**
 * Identity's signing keys: the newest signs; older ones stay published in the JWKS until every token they
 * signed has expired, so rotating a key (adding a newer file) never invalidates a live token. The folder is
 * re-read periodically, so rotation needs no restart. `JWT_PRIVATE_KEY_PEM`, when set, is the signing key.
 */
@Injectable()
export class KeysService implements JwksSource, OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Keys');
  private keys: SigningKey[] = [];
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly config: IdentityConfig,
    @Inject(DatabaseConnection) private readonly connection: DatabaseConnection,
  ) {}

  get directory(): string {
    return this.config.JWT_KEYS_DIR ?? path.join(bazaarHome(), 'keys');
  }

  onModuleInit(): void {
    this.load();
    if (this.keys.length === 0) {
      const generate = this.config.JWT_GENERATE_KEYS ?? this.connection.profile === 'embedded';
      if (!generate) {
        throw new Error(
          `No signing key: put an RS256 key in ${this.directory} (npm run keys:rotate), set ` +
            'JWT_PRIVATE_KEY_PEM, or set JWT_GENERATE_KEYS=true.',
        );
      }
      const kid = generateKeyFile(this.directory);
      this.logger.log({ msg: 'generated a signing key', kid, dir: this.directory });
      this.load();
    }
    this.timer = setInterval(() => this.reload(), this.config.JWT_KEYS_RELOAD_MS).unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** The key new tokens are signed with. */
  signingKey(): SigningKey {
    return this.keys[this.keys.length - 1];
  }

  async fetchJwks(): Promise<JsonWebKeySet> {
    return Promise.resolve(this.jwks());
  }

  /** The signing key and every older key some unexpired token may still carry. */
  jwks(now = Date.now()): JsonWebKeySet {
    const lifetimeMs = this.config.ACCESS_TOKEN_TTL_S * 1000 + CLOCK_SKEW_MS;
    const published = this.keys.filter((key, index) => {
      const successor = this.keys[index + 1];
      return !successor || successor.createdAt.getTime() + lifetimeMs > now;
    });
    return { keys: published.map((key) => key.jwk) };
  }

  private load(): void {
    this.keys = this.read();
  }

  private read(): SigningKey[] {
    const files = readKeyFiles(this.directory);
    const fromEnv = this.config.JWT_PRIVATE_KEY_PEM ? [keyFromPem(this.config.JWT_PRIVATE_KEY_PEM)] : [];
    return [...files, ...fromEnv];
  }

  /** Re-reads the folder now (also done every JWT_KEYS_RELOAD_MS). */
  reload(): void {
    const before = this.signingKey().kid;
    try {
      const keys = this.read();
      // An emptied or unreadable folder must not leave identity unable to sign.
      if (keys.length > 0) this.keys = keys;
    } catch (error) {
      this.logger.error({ err: error, msg: 'could not re-read the signing keys; keeping the old ones' });
      return;
    }
    const after = this.signingKey().kid;
    if (after !== before) this.logger.log({ msg: 'signing key rotated', kid: after });
  }
}

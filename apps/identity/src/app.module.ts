import { Module } from '@nestjs/common';
import { AuthModule } from '@bazaar/auth';
import { MessagingModule } from '@bazaar/messaging';
import { DatabaseReadiness, PersistenceModule } from '@bazaar/persistence';
import { PlatformModule } from '@bazaar/platform';
import { DatabaseModule } from './database/database.module';
import { IdentityConfig } from './identity.config';
import { KeysModule } from './keys/keys.module';
import { KeysService } from './keys/keys.service';
import { ServiceTokensModule } from './service-tokens/service-tokens.module';
import { SessionsModule } from './sessions/sessions.module';
import { UsersModule } from './users/users.module';

@Module({
  imports: [
    PlatformModule.forRoot({
      service: 'identity',
      config: IdentityConfig,
      readiness: { indicators: [DatabaseReadiness] },
    }),
    PersistenceModule.forService('identity'),
    // user.registered and user.password_changed, through the outbox.
    MessagingModule.forService({ publishes: true }),
    // Identity verifies service tokens with its own keys, not over RPC to itself.
    AuthModule.forService({ jwksSource: KeysService, imports: [KeysModule] }),
    DatabaseModule,
    KeysModule,
    UsersModule,
    SessionsModule,
    ServiceTokensModule,
  ],
})
export class AppModule {}

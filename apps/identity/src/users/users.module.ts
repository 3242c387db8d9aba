import { Module } from '@nestjs/common';
import { KeysModule } from '../keys/keys.module';
import { PasswordHasher } from '../passwords/password-hasher';
import { SessionsService } from '../sessions/sessions.service';
import { TokenIssuer } from '../tokens/token-issuer';
import { FirstAdmin } from './first-admin';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

@Module({
  imports: [KeysModule],
  controllers: [UsersController],
  providers: [UsersService, SessionsService, PasswordHasher, TokenIssuer, FirstAdmin],
  exports: [TokenIssuer],
})
export class UsersModule {}

import { Module } from '@nestjs/common';
import { PasswordHasher } from '../passwords/password-hasher';
import { SessionsService } from '../sessions/sessions.service';
import { TokensModule } from '../tokens/tokens.module';
import { FirstAdmin } from './first-admin';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

@Module({
  imports: [TokensModule],
  controllers: [UsersController],
  providers: [UsersService, SessionsService, PasswordHasher, FirstAdmin],
})
export class UsersModule {}

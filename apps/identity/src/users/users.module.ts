import { Module } from '@nestjs/common';
import { PasswordHasher } from '../passwords/password-hasher';
import { SessionsModule } from '../sessions/sessions.module';
import { FirstAdmin } from './first-admin';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

@Module({
  imports: [SessionsModule],
  controllers: [UsersController],
  providers: [UsersService, UsersRepository, PasswordHasher, FirstAdmin],
})
export class UsersModule {}

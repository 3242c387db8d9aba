import { Module } from '@nestjs/common';
import { AdminUsersController } from '../admin/admin-users.controller';
import { AuthController } from './auth.controller';
import { JwksController } from './jwks.controller';
import { MeController } from './me.controller';

@Module({ controllers: [AuthController, MeController, AdminUsersController, JwksController] })
export class GatewayAuthModule {}

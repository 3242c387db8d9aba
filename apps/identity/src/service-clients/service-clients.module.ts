import { Module } from '@nestjs/common';
import { KeysController } from '../keys/keys.controller';
import { KeysModule } from '../keys/keys.module';
import { UsersModule } from '../users/users.module';
import { ServiceClients } from './service-clients';

@Module({ imports: [KeysModule, UsersModule], controllers: [KeysController], providers: [ServiceClients] })
export class ServiceClientsModule {}

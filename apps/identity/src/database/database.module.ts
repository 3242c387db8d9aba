import { Global, Module } from '@nestjs/common';
import { IdentityDatabase } from './identity-database';

@Global()
@Module({ providers: [IdentityDatabase], exports: [IdentityDatabase] })
export class DatabaseModule {}

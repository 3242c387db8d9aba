import { Global, Module } from '@nestjs/common';
import { PaymentsDatabase } from './payments-database';

@Global()
@Module({ providers: [PaymentsDatabase], exports: [PaymentsDatabase] })
export class DatabaseModule {}

import { Global, Module } from '@nestjs/common';
import { OrdersDatabase } from './orders-database';

@Global()
@Module({ providers: [OrdersDatabase], exports: [OrdersDatabase] })
export class DatabaseModule {}

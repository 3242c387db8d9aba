import { Module } from '@nestjs/common';
import { InventoryModule } from '../inventory/inventory.module';
import { ProductsController } from './products.controller';

@Module({ imports: [InventoryModule], controllers: [ProductsController] })
export class ProductsModule {}

import { Module } from '@nestjs/common';
import { CartCatalog } from './cart-catalog';
import { CartStock } from './cart-stock';
import { CartController } from './cart.controller';
import { CartRepository } from './cart.repository';
import { CartService } from './cart.service';

/** The shoppers' carts: lines kept here, priced from catalog and stocked from inventory when shown. */
@Module({
  controllers: [CartController],
  providers: [CartService, CartRepository, CartCatalog, CartStock],
  // Checkout orders the cart's lines, priced as the cart prices them.
  exports: [CartRepository, CartCatalog],
})
export class CartModule {}

import { Body, Controller, Delete, Get, Header, HttpCode, Param, Put } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CART_LIMITS, CartView, LOW_STOCK_THRESHOLD } from '@bazaar/contracts';
import { SignedIn } from '../auth/signed-in.decorator';
import { ApiProblems } from '../openapi/problem.dto';
import { CartDto, CartItemParams, PutCartItemBody } from './cart.dto';
import { CartService } from './cart.service';

/** A cart is one shopper's and changes with every put: never stored by any cache. */
const PRIVATE = 'private, no-store';

@ApiTags('cart')
@Controller('api/v1/cart')
@SignedIn()
export class CartController {
  constructor(private readonly cart: CartService) {}

  @Get()
  @Header('cache-control', PRIVATE)
  @ApiOperation({
    summary: 'My cart',
    description:
      'Each line with the product’s name and price as the catalog has them now, and its availability ' +
      `(\`low\` at ${LOW_STOCK_THRESHOLD} or fewer units; \`unknown\` while inventory cannot answer, the cart is ` +
      'still shown). The total is in the cart’s one currency, null for an empty cart.',
  })
  @ApiOkResponse({ type: CartDto })
  get(): Promise<CartView> {
    return this.cart.get();
  }

  @Put('items/:productId')
  @Header('cache-control', PRIVATE)
  @ApiOperation({
    summary: 'Set how many of a product are in my cart',
    description:
      `Sets the quantity (1 to ${CART_LIMITS.quantityMax}) of the product's line, adding the line if needed; ` +
      `0 removes it. At most ${CART_LIMITS.linesMax} different products (CART_FULL, 409), all priced in one ` +
      'currency (CART_CURRENCY_MISMATCH, 409); an unknown or deleted product is PRODUCT_NOT_FOUND (404). A ' +
      'refused request changes nothing. Answers the cart as it now is.',
  })
  @ApiOkResponse({ type: CartDto })
  @ApiProblems(404, 409)
  putItem(@Param() { productId }: CartItemParams, @Body() { quantity }: PutCartItemBody): Promise<CartView> {
    return this.cart.putItem({ productId, quantity });
  }

  @Delete()
  @HttpCode(204)
  @ApiOperation({ summary: 'Empty my cart', description: 'Removes every line; an empty cart stays empty.' })
  @ApiNoContentResponse({ description: 'Emptied' })
  clear(): Promise<void> {
    return this.cart.clear();
  }
}

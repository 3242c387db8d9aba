import { Controller, Get, Inject, NotFoundException, Param } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import { IsUUID } from 'class-validator';
import { firstValueFrom, timeout } from 'rxjs';
import { GET_PRODUCT, ProductView } from '../product-view';

export const CATALOG = 'CATALOG';

export class ProductParams {
  @IsUUID()
  id!: string;
}

@Controller('api/v1/products')
export class ProductsController {
  constructor(@Inject(CATALOG) private readonly catalog: ClientProxy) {}

  @Get(':id')
  async get(@Param() { id }: ProductParams): Promise<ProductView> {
    const product = await firstValueFrom(
      this.catalog.send<ProductView | null>(GET_PRODUCT, { id }).pipe(timeout(5_000)),
    );
    if (!product) throw new NotFoundException();
    return product;
  }
}

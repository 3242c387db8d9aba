import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { IsUUID } from 'class-validator';
import { GET_PRODUCT, ProductView } from '../product-view';
import { PrismaService } from './prisma.service';

export class GetProductDto {
  @IsUUID()
  id!: string;
}

@Controller()
export class ProductsController {
  constructor(private readonly prisma: PrismaService) {}

  @MessagePattern(GET_PRODUCT)
  async get(@Payload() { id }: GetProductDto): Promise<ProductView | null> {
    const product = await this.prisma.product.findUnique({ where: { id }, include: { category: true } });
    if (!product) return null;
    return {
      id: product.id,
      sku: product.sku,
      name: product.name,
      description: product.description,
      price: { amountMinor: product.priceMinor, currency: product.currency },
      category: { slug: product.category.slug, name: product.category.name },
      createdAt: product.createdAt.toISOString(),
      updatedAt: product.updatedAt.toISOString(),
    };
  }
}

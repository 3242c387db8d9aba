import {
  Body,
  Controller,
  Delete,
  Get,
  Header,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { RequestContext } from '@bazaar/platform';
import { AdminOnly } from '../auth/signed-in.decorator';
import { ProductWithAvailability } from '../inventory/availability.service';
import { ApiProblems } from '../openapi/problem.dto';
import {
  CreateProductBody,
  ListProductsQuery,
  ProductDto,
  ProductPageDto,
  UpdateProductBody,
} from './products.dto';
import { invalidProductId } from './products.errors';
import { ProductPageWithAvailability, ProductsService } from './products.service';

/** Product reads may be cached briefly by browsers and shared caches; ETags make revalidation cheap. */
const PRODUCT_CACHE = 'public, max-age=30, stale-while-revalidate=30';

/** Admins see stock counts: their answers must never be stored by a shared cache. */
function privateForAdmins(reply: FastifyReply): void {
  if (RequestContext.caller()?.roles.includes('admin'))
    void reply.header('cache-control', 'private, no-cache');
}

const uuidPipe = new ParseUUIDPipe({ exceptionFactory: invalidProductId });

@ApiTags('products')
@Controller('api/v1/products')
export class ProductsController {
  constructor(private readonly products: ProductsService) {}

  @Get()
  @Header('Cache-Control', PRODUCT_CACHE)
  @ApiOperation({ summary: 'List products', description: 'Cursor-paginated, filtered by category and text.' })
  @ApiOkResponse({ type: ProductPageDto })
  async list(
    @Query() query: ListProductsQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ProductPageWithAvailability> {
    const page = await this.products.list(query);
    privateForAdmins(reply);
    return page;
  }

  @Get(':id')
  @Header('Cache-Control', PRODUCT_CACHE)
  @ApiOperation({
    summary: 'Get one product',
    description:
      'With its availability. Send the `ETag` back in `If-None-Match` to get 304 while it is unchanged.',
  })
  @ApiOkResponse({ type: ProductDto })
  @ApiProblems(404)
  async get(
    @Param('id', uuidPipe) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ProductWithAvailability> {
    const product = await this.products.get(id);
    privateForAdmins(reply);
    return product;
  }

  @Post()
  @AdminOnly()
  @ApiOperation({
    summary: 'Create a product (admin)',
    description:
      'The SKU must be new (409) and the category must exist (404). A new product has no stock: it is `out` ' +
      'until `PUT /api/v1/inventory/{sku}` gives it some.',
  })
  @ApiCreatedResponse({ type: ProductDto })
  @ApiProblems(404, 409)
  create(@Body() body: CreateProductBody): Promise<ProductWithAvailability> {
    return this.products.create(body);
  }

  @Patch(':id')
  @AdminOnly()
  @ApiOperation({
    summary: 'Change a product (admin)',
    description: 'Only the fields sent change; the SKU never does. Answers the product as it now is.',
  })
  @ApiOkResponse({ type: ProductDto })
  @ApiProblems(404)
  update(
    @Param('id', uuidPipe) id: string,
    @Body() changes: UpdateProductBody,
  ): Promise<ProductWithAvailability> {
    return this.products.update(id, changes);
  }

  @Delete(':id')
  @HttpCode(204)
  @AdminOnly()
  @ApiOperation({
    summary: 'Delete a product (admin)',
    description: 'It disappears from the catalog at once; its stock records stay in inventory.',
  })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiProblems(404)
  delete(@Param('id', uuidPipe) id: string): Promise<void> {
    return this.products.delete(id);
  }
}

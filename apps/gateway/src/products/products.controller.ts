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
import { CATALOG_PATTERNS, ProductPage, ProductView } from '@bazaar/contracts';
import { DomainError, InjectRpcClient, RequestContext, RpcClient } from '@bazaar/platform';
import { AdminOnly } from '../auth/signed-in.decorator';
import { AvailabilityService, ProductWithAvailability } from '../inventory/availability.service';
import { ApiProblems } from '../openapi/problem.dto';
import {
  CreateProductBody,
  ListProductsQuery,
  ProductDto,
  ProductPageDto,
  UpdateProductBody,
} from './products.dto';

/** Product reads may be cached briefly by browsers and shared caches; ETags make revalidation cheap. */
const PRODUCT_CACHE = 'public, max-age=30, stale-while-revalidate=30';

/** Admins see stock counts: their answers must never be stored by a shared cache. */
function privateForAdmins(reply: FastifyReply): void {
  if (RequestContext.caller()?.roles.includes('admin'))
    void reply.header('cache-control', 'private, no-cache');
}

const uuidPipe = new ParseUUIDPipe({
  exceptionFactory: () =>
    new DomainError('VALIDATION_FAILED', 'Invalid value for: id', {
      fields: [{ field: 'id', messages: ['id must be a UUID'] }],
    }),
});

@ApiTags('products')
@Controller('api/v1/products')
export class ProductsController {
  constructor(
    @InjectRpcClient('catalog') private readonly catalog: RpcClient,
    private readonly availability: AvailabilityService,
  ) {}

  @Get()
  @Header('Cache-Control', PRODUCT_CACHE)
  @ApiOperation({ summary: 'List products', description: 'Cursor-paginated, filtered by category and text.' })
  @ApiOkResponse({ type: ProductPageDto })
  @ApiProblems(400)
  async list(
    @Query() query: ListProductsQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ProductPage & { items: ProductWithAvailability[] }> {
    const page = await this.catalog.send<ProductPage>(CATALOG_PATTERNS.listProducts, query);
    privateForAdmins(reply);
    return { ...page, items: await this.availability.attach(page.items) };
  }

  @Get(':id')
  @Header('Cache-Control', PRODUCT_CACHE)
  @ApiOperation({ summary: 'Get one product' })
  @ApiOkResponse({ type: ProductDto })
  @ApiProblems(400, 404)
  async get(
    @Param('id', uuidPipe) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ProductWithAvailability> {
    const product = await this.catalog.send<ProductView>(CATALOG_PATTERNS.getProduct, { id });
    privateForAdmins(reply);
    const [withAvailability] = await this.availability.attach([product]);
    return withAvailability;
  }

  @Post()
  @AdminOnly()
  @ApiOperation({ summary: 'Create a product (admin)' })
  @ApiCreatedResponse({ type: ProductDto })
  @ApiProblems(400, 404, 409, 413, 415)
  create(@Body() body: CreateProductBody): Promise<ProductView> {
    return this.catalog.send(CATALOG_PATTERNS.createProduct, body);
  }

  @Patch(':id')
  @AdminOnly()
  @ApiOperation({ summary: 'Change a product (admin)' })
  @ApiOkResponse({ type: ProductDto })
  @ApiProblems(400, 404, 413, 415)
  update(@Param('id', uuidPipe) id: string, @Body() changes: UpdateProductBody): Promise<ProductView> {
    return this.catalog.send(CATALOG_PATTERNS.updateProduct, { id, changes });
  }

  @Delete(':id')
  @HttpCode(204)
  @AdminOnly()
  @ApiOperation({ summary: 'Delete a product (admin)' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiProblems(400, 404)
  async delete(@Param('id', uuidPipe) id: string): Promise<void> {
    await this.catalog.send(CATALOG_PATTERNS.deleteProduct, { id });
  }
}

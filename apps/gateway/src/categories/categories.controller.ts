import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CategoryView } from '@bazaar/contracts';
import { CategoryListDto } from './categories.dto';
import { CategoriesService } from './categories.service';

/**
 * Categories change only with a catalog migration, so browsers and shared caches may keep them for minutes; the
 * ETag makes the revalidation after that cheap.
 */
const CATEGORY_CACHE = 'public, max-age=300, stale-while-revalidate=60';

@ApiTags('products')
@Controller('api/v1/categories')
export class CategoriesController {
  constructor(private readonly categories: CategoriesService) {}

  @Get()
  @Header('Cache-Control', CATEGORY_CACHE)
  @ApiOperation({
    summary: 'List categories',
    description: 'Every category, sorted by name; pass a `slug` as `category` to `GET /api/v1/products`.',
  })
  @ApiOkResponse({ type: CategoryListDto })
  list(): Promise<{ items: CategoryView[] }> {
    return this.categories.list();
  }
}

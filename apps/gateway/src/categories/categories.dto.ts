import { ApiProperty } from '@nestjs/swagger';
import { CategoryView } from '@bazaar/contracts';
import { CategoryDto } from '../products/products.dto';

/** Every category, in a wrapper so the answer can grow (counts, paging) without breaking its readers. */
export class CategoryListDto {
  @ApiProperty({ type: [CategoryDto], description: 'Sorted by name' })
  items!: CategoryView[];
}

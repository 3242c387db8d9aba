import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { inventoryV1 } from '@bazaar/contracts';
import { AdminOnly } from '../auth/signed-in.decorator';
import { ApiProblems } from '../openapi/problem.dto';
import {
  AdjustmentPageDto,
  AdjustmentsQuery,
  AdjustStockBody,
  SkuParam,
  StockLevelDto,
} from './inventory.dto';
import { AdjustmentPage, InventoryService } from './inventory.service';

@ApiTags('inventory')
@Controller('api/v1/inventory')
@AdminOnly()
export class InventoryController {
  constructor(private readonly inventory: InventoryService) {}

  @Get(':sku')
  @ApiOperation({
    summary: 'Stock of a SKU (admin)',
    description: 'On hand, held by open reservations, and available (on hand less reserved), read fresh.',
  })
  @ApiOkResponse({ type: StockLevelDto })
  @ApiProblems(404)
  get(@Param() { sku }: SkuParam): Promise<inventoryV1.StockLevel> {
    return this.inventory.get(sku);
  }

  @Put(':sku')
  @ApiOperation({
    summary: 'Set or change the stock of a SKU (admin)',
    description: 'Give `setOnHand` or `add`, and a reason; every change is recorded with who made it.',
  })
  @ApiOkResponse({ type: StockLevelDto })
  @ApiProblems(409)
  adjust(@Param() { sku }: SkuParam, @Body() body: AdjustStockBody): Promise<inventoryV1.StockLevel> {
    return this.inventory.adjust(sku, body);
  }

  @Get(':sku/adjustments')
  @ApiOperation({
    summary: 'The recorded stock changes of a SKU, newest first (admin)',
    description: 'Cursor-paginated; each change with its reason and who made it. Empty for an unknown SKU.',
  })
  @ApiOkResponse({ type: AdjustmentPageDto })
  adjustments(@Param() { sku }: SkuParam, @Query() query: AdjustmentsQuery): Promise<AdjustmentPage> {
    return this.inventory.adjustments(sku, query);
  }
}

import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminOrderPage } from '@bazaar/contracts';
import { AdminOnly } from '../auth/signed-in.decorator';
import { AdminListOrdersQuery, AdminOrderPageDto } from './orders.dto';
import { OrdersService } from './orders.service';

@ApiTags('admin')
@Controller('api/v1/admin/orders')
@AdminOnly()
export class AdminOrdersController {
  constructor(private readonly orders: OrdersService) {}

  @Get()
  @ApiOperation({
    summary: 'List orders (admin)',
    description:
      "Every shopper's orders, newest first, cursor-paginated; filter by status. `COMPENSATION_FAILED` lists " +
      'the orders whose compensation or refund kept failing: parked, waiting for an admin.',
  })
  @ApiOkResponse({ type: AdminOrderPageDto })
  list(@Query() query: AdminListOrdersQuery): Promise<AdminOrderPage> {
    return this.orders.listAll(query);
  }
}

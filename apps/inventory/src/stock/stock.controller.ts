import { Controller } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { inventoryV1 } from '@bazaar/contracts';
import { RequestContext, RpcData } from '@bazaar/platform';
import { batchGetStockPipe } from './stock-payloads';
import { AdjustStockDto, ListAdjustmentsDto, SkuDto } from './stock.dto';
import { StockService } from './stock.service';

const SERVICE = inventoryV1.INVENTORY_SERVICE_NAME;

/** The rpcs of bazaar.inventory.v1.InventoryService this controller serves. */
export type StockRpc = 'getStock' | 'batchGetStock' | 'adjustStock' | 'listAdjustments';

/** Stock levels and admin adjustments over gRPC: transport only, one line per method. */
@Controller()
export class StockController implements Pick<inventoryV1.InventoryServiceController, StockRpc> {
  constructor(private readonly stock: StockService) {}

  @GrpcMethod(SERVICE, 'GetStock')
  getStock(@RpcData() { sku }: SkuDto): Promise<inventoryV1.StockLevel> {
    return this.stock.get(sku);
  }

  @GrpcMethod(SERVICE, 'BatchGetStock')
  batchGetStock(
    @RpcData(batchGetStockPipe) { skus }: inventoryV1.BatchGetStockRequest,
  ): Promise<inventoryV1.BatchGetStockResponse> {
    return this.stock.batch(skus);
  }

  /**
   * The caller comes from the request context, which the platform's RPC interceptor fills from this call's
   * metadata: the generated interface reserves the second argument for the raw gRPC metadata.
   */
  @GrpcMethod(SERVICE, 'AdjustStock')
  adjustStock(@RpcData() input: AdjustStockDto): Promise<inventoryV1.StockLevel> {
    return this.stock.adjust(input, RequestContext.caller());
  }

  @GrpcMethod(SERVICE, 'ListAdjustments')
  listAdjustments(@RpcData() query: ListAdjustmentsDto): Promise<inventoryV1.ListAdjustmentsResponse> {
    return this.stock.adjustments(query);
  }
}

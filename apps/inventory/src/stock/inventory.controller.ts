import { Controller } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { Caller, inventoryV1 } from '@bazaar/contracts';
import { RpcCaller, RpcData } from '@bazaar/platform';
import { ReservationsService } from '../reservations/reservations.service';
import {
  AdjustStockDto,
  BatchGetStockDto,
  ListAdjustmentsDto,
  ReservationIdDto,
  ReserveDto,
  SkuDto,
} from './stock.dto';
import { StockService } from './stock.service';

const SERVICE = inventoryV1.INVENTORY_SERVICE_NAME;

/** Inventory's gRPC surface (bazaar.inventory.v1.InventoryService): transport only, one line per method. */
@Controller()
export class InventoryController {
  constructor(
    private readonly stock: StockService,
    private readonly reservations: ReservationsService,
  ) {}

  @GrpcMethod(SERVICE, 'GetStock')
  getStock(@RpcData() { sku }: SkuDto): Promise<inventoryV1.StockLevel> {
    return this.stock.get(sku);
  }

  @GrpcMethod(SERVICE, 'BatchGetStock')
  batchGetStock(@RpcData() { skus }: BatchGetStockDto): Promise<inventoryV1.BatchGetStockResponse> {
    return this.stock.batch(skus);
  }

  @GrpcMethod(SERVICE, 'Reserve')
  reserve(@RpcData() input: ReserveDto): Promise<inventoryV1.ReserveResponse> {
    return this.reservations.reserve(input);
  }

  @GrpcMethod(SERVICE, 'Release')
  release(@RpcData() { reservationId }: ReservationIdDto): Promise<inventoryV1.ReservationOutcome> {
    return this.reservations.release(reservationId);
  }

  @GrpcMethod(SERVICE, 'Commit')
  commit(@RpcData() { reservationId }: ReservationIdDto): Promise<inventoryV1.ReservationOutcome> {
    return this.reservations.commit(reservationId);
  }

  @GrpcMethod(SERVICE, 'AdjustStock')
  adjustStock(
    @RpcData() input: AdjustStockDto,
    @RpcCaller() caller: Caller | undefined,
  ): Promise<inventoryV1.StockLevel> {
    return this.stock.adjust(input, caller);
  }

  @GrpcMethod(SERVICE, 'ListAdjustments')
  listAdjustments(@RpcData() query: ListAdjustmentsDto): Promise<inventoryV1.ListAdjustmentsResponse> {
    return this.stock.adjustments(query);
  }
}

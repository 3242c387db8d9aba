import { Controller } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { inventoryV1 } from '@bazaar/contracts';
import { RpcData } from '@bazaar/platform';
import { reservationIdPipe, reservePipe } from './reservation-payloads';
import { ReservationsService } from './reservations.service';

const SERVICE = inventoryV1.INVENTORY_SERVICE_NAME;

/** The rpcs of bazaar.inventory.v1.InventoryService this controller serves. */
export type ReservationRpc = 'reserve' | 'release' | 'commit';

/** Checkout's reservations over gRPC: transport only, one line per method. */
@Controller()
export class ReservationsController implements Pick<inventoryV1.InventoryServiceController, ReservationRpc> {
  constructor(private readonly reservations: ReservationsService) {}

  @GrpcMethod(SERVICE, 'Reserve')
  reserve(@RpcData(reservePipe) input: inventoryV1.ReserveRequest): Promise<inventoryV1.ReserveResponse> {
    return this.reservations.reserve(input);
  }

  @GrpcMethod(SERVICE, 'Release')
  release(
    @RpcData(reservationIdPipe) { reservationId }: inventoryV1.ReservationRequest,
  ): Promise<inventoryV1.ReservationOutcome> {
    return this.reservations.release(reservationId);
  }

  @GrpcMethod(SERVICE, 'Commit')
  commit(
    @RpcData(reservationIdPipe) { reservationId }: inventoryV1.ReservationRequest,
  ): Promise<inventoryV1.ReservationOutcome> {
    return this.reservations.commit(reservationId);
  }
}

import { Controller } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { inventoryV1 } from '@bazaar/contracts';
import { RpcData } from '@bazaar/platform';
import { ReservationIdDto, ReserveDto } from './reservations.dto';
import { ReservationsService } from './reservations.service';

const SERVICE = inventoryV1.INVENTORY_SERVICE_NAME;

/** The rpcs of bazaar.inventory.v1.InventoryService this controller serves. */
export type ReservationRpc = 'reserve' | 'release' | 'commit';

/** Checkout's reservations over gRPC: transport only, one line per method. */
@Controller()
export class ReservationsController implements Pick<inventoryV1.InventoryServiceController, ReservationRpc> {
  constructor(private readonly reservations: ReservationsService) {}

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
}

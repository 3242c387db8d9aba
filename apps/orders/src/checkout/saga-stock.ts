import { Injectable } from '@nestjs/common';
import { inventoryV1 } from '@bazaar/contracts';
import { DomainError, GrpcClient, InjectGrpcClient } from '@bazaar/platform';
import { OrderLineRecord } from './order-records';

type InventoryClient = GrpcClient<inventoryV1.InventoryServiceClient>;

/** What reserving an order's stock came to: held until `expiresAt`, refused (nothing held), or already closed. */
export type ReserveOutcome =
  | { kind: 'reserved'; expiresAt: Date }
  | { kind: 'refused'; reason: string }
  | { kind: 'closed'; reason: string };

/** Refusals that mean the order can never be served as it is: nothing was reserved, retrying cannot help. */
const OUT_OF_STOCK = new Set<string>(['INSUFFICIENT_STOCK', 'SKU_NOT_FOUND']);

/**
 * The saga's calls to inventory over gRPC, each under the order's one reservation id (`reservationIdOf`):
 * reserving twice holds the stock once, releasing or committing twice changes nothing the second time.
 */
@Injectable()
export class SagaStock {
  constructor(@InjectGrpcClient('inventory') private readonly inventory: InventoryClient) {}

  async reserve(reservationId: string, orderId: string, lines: OrderLineRecord[]): Promise<ReserveOutcome> {
    try {
      const reply = await this.inventory.call('reserve', {
        reservationId,
        orderId,
        lines: lines.map(({ sku, quantity }) => ({ sku, quantity })),
      });
      // A replayed id answers the reservation as it is now: one that expired or was released holds nothing.
      if (reply.status !== inventoryV1.ReservationStatus.RESERVED) {
        return { kind: 'closed', reason: `the reservation is ${reply.status}` };
      }
      return { kind: 'reserved', expiresAt: new Date(reply.expiresAt) };
    } catch (error) {
      if (error instanceof DomainError && OUT_OF_STOCK.has(error.code)) {
        return { kind: 'refused', reason: `${error.code}: ${error.message}` };
      }
      throw error;
    }
  }

  /** Gives the stock back; a reservation inventory never made (the reserve never arrived) has nothing to give. */
  async release(reservationId: string): Promise<void> {
    try {
      await this.inventory.call('release', { reservationId });
    } catch (error) {
      if (error instanceof DomainError && error.code === 'RESERVATION_NOT_FOUND') return;
      throw error;
    }
  }

  /** Turns the reservation into a sale; RESERVATION_CLOSED when it expired or was released meanwhile. */
  async commit(reservationId: string): Promise<void> {
    await this.inventory.call('commit', { reservationId });
  }
}

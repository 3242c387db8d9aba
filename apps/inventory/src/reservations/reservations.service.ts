import { Injectable } from '@nestjs/common';
import { inventoryV1 } from '@bazaar/contracts';
import { InventoryConfig } from '../inventory.config';
import { ReserveDto } from '../stock/stock.dto';
import { duplicateSkus, insufficientStock, skuNotFound } from '../stock/stock.errors';
import { ReservationStatus, ReservationStore } from './reservation-store';
import { reservationClosed, reservationNotFound } from './reservations.errors';

/**
 * Reservations that never oversell: each line is a conditional update (`reserved + q` only where
 * `on_hand - reserved >= q`), all lines in one transaction, and any short or unknown line rolls the whole
 * reservation back. A CHECK constraint on the stock table makes an oversold row impossible even so.
 */
@Injectable()
export class ReservationsService {
  constructor(
    private readonly store: ReservationStore,
    private readonly config: InventoryConfig,
  ) {}

  async reserve(input: ReserveDto): Promise<inventoryV1.ReserveResponse> {
    if (new Set(input.lines.map((l) => l.sku)).size !== input.lines.length) throw duplicateSkus();
    const lines = [...input.lines]
      .sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0))
      .map(({ sku, quantity }) => ({ sku, quantity }));
    const expiresAt = new Date(Date.now() + this.config.RESERVATION_TTL_S * 1000);
    const outcome = await this.store.take(input.reservationId, input.orderId, lines, expiresAt);
    if (outcome.kind === 'refused') {
      if (outcome.unknown.length > 0) throw skuNotFound(outcome.unknown);
      throw insufficientStock(outcome.short);
    }
    if (outcome.kind === 'reserved') {
      return view(
        input.reservationId,
        { orderId: input.orderId, status: 'RESERVED', expiresAt, lines },
        false,
      );
    }
    // The id was seen before: its first result, whatever these lines say.
    const first = await this.store.find(input.reservationId);
    if (!first) throw reservationNotFound(input.reservationId);
    return view(input.reservationId, first, true);
  }

  /** Gives the reserved stock back. Already released or expired: no change. Committed: refused. */
  release(reservationId: string): Promise<inventoryV1.ReservationOutcome> {
    return this.close(reservationId, 'RELEASED', ['RELEASED', 'EXPIRED'], 'released');
  }

  /** Turns the reservation into a sale. Already committed: no change. Released or expired: refused. */
  commit(reservationId: string): Promise<inventoryV1.ReservationOutcome> {
    return this.close(reservationId, 'COMMITTED', ['COMMITTED'], 'committed');
  }

  /** Expires up to `batch` reservations past their time, giving their stock back; returns how many. */
  expireDue(batch = 100): Promise<number> {
    return this.store.expireDue(batch);
  }

  private async close(
    reservationId: string,
    target: 'RELEASED' | 'COMMITTED',
    alreadyDone: ReservationStatus[],
    action: string,
  ): Promise<inventoryV1.ReservationOutcome> {
    // Conditional on RESERVED: of a commit and a release racing, exactly one changes anything.
    if (await this.store.close(reservationId, target)) {
      return { reservationId, status: target as inventoryV1.ReservationStatus, changed: true };
    }
    const existing = await this.store.find(reservationId);
    if (!existing) throw reservationNotFound(reservationId);
    if (!alreadyDone.includes(existing.status))
      throw reservationClosed(reservationId, existing.status, action);
    return { reservationId, status: existing.status as inventoryV1.ReservationStatus, changed: false };
  }
}

function view(
  reservationId: string,
  reservation: {
    orderId: string;
    status: ReservationStatus;
    expiresAt: Date;
    lines: inventoryV1.ReservationLine[];
  },
  replayed: boolean,
): inventoryV1.ReserveResponse {
  return {
    reservationId,
    orderId: reservation.orderId,
    status: reservation.status as inventoryV1.ReservationStatus,
    lines: reservation.lines,
    expiresAt: reservation.expiresAt.toISOString(),
    replayed,
  };
}

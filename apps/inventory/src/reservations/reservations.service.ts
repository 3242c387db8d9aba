import { Injectable } from '@nestjs/common';
import { inventoryV1 } from '@bazaar/contracts';
import { InventoryConfig } from '../inventory.config';
import {
  duplicateSkus,
  insufficientStock,
  reservationClosed,
  reservationNotFound,
  unknownSkus,
} from './reservations.errors';
import {
  ReservationLineRecord,
  ReservationRecord,
  ReservationsRepository,
  ReservationStatus,
} from './reservations.repository';

/** What a reservation can be closed as by a caller (expiry is the sweep's). */
export type CloseTarget = 'RELEASED' | 'COMMITTED';

const CLOSING: Record<CloseTarget, { alreadyDone: ReservationStatus[]; action: string }> = {
  // Released or expired: the stock is back already, so a repeated release changes nothing.
  RELEASED: { alreadyDone: ['RELEASED', 'EXPIRED'], action: 'released' },
  COMMITTED: { alreadyDone: ['COMMITTED'], action: 'committed' },
};

/**
 * Reservations that never oversell: each line is a conditional update (`reserved + q` only where
 * `on_hand - reserved >= q`), all lines in one transaction, and any short or unknown line rolls the whole
 * reservation back. A CHECK constraint on the stock table makes an oversold row impossible even so.
 */
@Injectable()
export class ReservationsService {
  constructor(
    private readonly reservations: ReservationsRepository,
    private readonly config: InventoryConfig,
  ) {}

  async reserve(input: inventoryV1.ReserveRequest): Promise<inventoryV1.ReserveResponse> {
    const lines = linesInLockOrder(input.lines);
    const expiresAt = new Date(Date.now() + this.config.RESERVATION_TTL_S * 1000);
    const outcome = await this.reservations.take(input.reservationId, input.orderId, lines, expiresAt);
    if (outcome.kind === 'refused') {
      if (outcome.unknown.length > 0) throw unknownSkus(outcome.unknown);
      throw insufficientStock(outcome.short);
    }
    if (outcome.kind === 'reserved') {
      return toReserveResponse(
        input.reservationId,
        { orderId: input.orderId, status: 'RESERVED', expiresAt, lines },
        false,
      );
    }
    // The id was seen before: its first result, whatever these lines say.
    const first = await this.reservations.find(input.reservationId);
    if (!first) throw reservationNotFound(input.reservationId);
    return toReserveResponse(input.reservationId, first, true);
  }

  /** Gives the reserved stock back. Already released or expired: no change. Committed: refused. */
  release(reservationId: string): Promise<inventoryV1.ReservationOutcome> {
    return this.close(reservationId, 'RELEASED');
  }

  /** Turns the reservation into a sale. Already committed: no change. Released or expired: refused. */
  commit(reservationId: string): Promise<inventoryV1.ReservationOutcome> {
    return this.close(reservationId, 'COMMITTED');
  }

  /** Expires up to `batch` reservations past their time, giving their stock back; returns how many. */
  expireDue(batch = 100): Promise<number> {
    return this.reservations.expireDue(batch);
  }

  private async close(reservationId: string, target: CloseTarget): Promise<inventoryV1.ReservationOutcome> {
    // Conditional on RESERVED: of a commit and a release racing, exactly one changes anything.
    if (await this.reservations.close(reservationId, target)) {
      return { reservationId, status: inventoryV1.ReservationStatus[target], changed: true };
    }
    const existing = await this.reservations.find(reservationId);
    if (!existing) throw reservationNotFound(reservationId);
    return unchangedOutcome(reservationId, existing.status, target);
  }
}

/**
 * The lines sorted by SKU, the order every transaction locks stock rows in (so none can deadlock); a SKU on
 * two lines is refused, since its lines would take the same row twice.
 */
export function linesInLockOrder(lines: ReservationLineRecord[]): ReservationLineRecord[] {
  if (new Set(lines.map((l) => l.sku)).size !== lines.length) throw duplicateSkus();
  return [...lines]
    .sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0))
    .map(({ sku, quantity }) => ({ sku, quantity }));
}

/**
 * The answer to closing a reservation that is no longer RESERVED: "nothing changed" when it already is what the
 * caller asked for, else RESERVATION_CLOSED (a committed sale cannot be released, a released one not committed).
 */
export function unchangedOutcome(
  reservationId: string,
  status: ReservationStatus,
  target: CloseTarget,
): inventoryV1.ReservationOutcome {
  const { alreadyDone, action } = CLOSING[target];
  if (!alreadyDone.includes(status)) throw reservationClosed(reservationId, status, action);
  return { reservationId, status: inventoryV1.ReservationStatus[status], changed: false };
}

function toReserveResponse(
  reservationId: string,
  reservation: ReservationRecord,
  replayed: boolean,
): inventoryV1.ReserveResponse {
  return {
    reservationId,
    orderId: reservation.orderId,
    status: inventoryV1.ReservationStatus[reservation.status],
    lines: reservation.lines,
    expiresAt: reservation.expiresAt.toISOString(),
    replayed,
  };
}

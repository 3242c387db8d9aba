import { Injectable } from '@nestjs/common';
import { inventoryV1 } from '@bazaar/contracts';
import { InventoryDatabase } from '../database/inventory-database';
import { InventoryConfig } from '../inventory.config';
import { ReserveDto } from '../stock/stock.dto';
import { duplicateSkus, insufficientStock, skuNotFound } from '../stock/stock.errors';
import { reservationClosed, reservationNotFound } from './reservations.errors';

type Status = 'RESERVED' | 'RELEASED' | 'COMMITTED' | 'EXPIRED';
type Tx = Parameters<Parameters<InventoryDatabase['$transaction']>[0]>[0];

/**
 * Reservations that never oversell. Each line is one conditional update (`reserved + q` only where
 * `on_hand - reserved >= q`), all lines in one transaction, in SKU order so concurrent multi-line reservations
 * cannot deadlock; any short or unknown line rolls the whole reservation back. A CHECK constraint on the table
 * makes an oversold row impossible even so.
 */
@Injectable()
export class ReservationsService {
  constructor(
    private readonly db: InventoryDatabase,
    private readonly config: InventoryConfig,
  ) {}

  async reserve(input: ReserveDto): Promise<inventoryV1.ReserveResponse> {
    if (new Set(input.lines.map((l) => l.sku)).size !== input.lines.length) throw duplicateSkus();
    const lines = [...input.lines].sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));
    const expiresAt = new Date(Date.now() + this.config.RESERVATION_TTL_S * 1000);
    const created = await this.db.$transaction(async (tx) => {
      // The id is the idempotency key: a second Reserve with it waits here for the first to finish, then skips.
      const claimed = await tx.$executeRaw`
        INSERT INTO reservation (id, order_id, status, expires_at, updated_at)
        VALUES (${input.reservationId}::uuid, ${input.orderId}, 'RESERVED', ${expiresAt}, now())
        ON CONFLICT (id) DO NOTHING`;
      if (claimed === 0) return false;
      const short: inventoryV1.ShortLine[] = [];
      const unknown: string[] = [];
      for (const line of lines) {
        const taken = await tx.$executeRaw`
          UPDATE stock SET reserved = reserved + ${line.quantity}, updated_at = now()
          WHERE sku = ${line.sku} AND on_hand - reserved >= ${line.quantity}`;
        if (taken === 1) continue;
        const row = await tx.stock.findUnique({ where: { sku: line.sku } });
        if (!row) unknown.push(line.sku);
        else short.push({ sku: line.sku, requested: line.quantity, available: row.onHand - row.reserved });
      }
      // Throwing rolls back every line taken so far, and the reservation row: nothing half-reserved remains.
      if (unknown.length > 0) throw skuNotFound(unknown);
      if (short.length > 0) throw insufficientStock(short);
      await tx.reservationLine.createMany({
        data: lines.map((line) => ({
          reservationId: input.reservationId,
          sku: line.sku,
          quantity: line.quantity,
        })),
      });
      return true;
    });
    return this.describe(input.reservationId, !created);
  }

  /** Gives the reserved stock back. Already released or expired: no change. Committed: refused. */
  release(reservationId: string): Promise<inventoryV1.ReservationOutcome> {
    return this.close(
      reservationId,
      'RELEASED',
      ['RELEASED', 'EXPIRED'],
      'released',
      (tx, sku, quantity) =>
        tx.$executeRaw`UPDATE stock SET reserved = reserved - ${quantity}, updated_at = now() WHERE sku = ${sku}`,
    );
  }

  /** Turns the reservation into a sale. Already committed: no change. Released or expired: refused. */
  commit(reservationId: string): Promise<inventoryV1.ReservationOutcome> {
    return this.close(
      reservationId,
      'COMMITTED',
      ['COMMITTED'],
      'committed',
      (tx, sku, quantity) =>
        tx.$executeRaw`
        UPDATE stock SET on_hand = on_hand - ${quantity}, reserved = reserved - ${quantity}, updated_at = now()
        WHERE sku = ${sku}`,
    );
  }

  /**
   * Expires up to `batch` reservations past their time, giving their stock back. Rows another instance is
   * expiring are skipped (SKIP LOCKED), so several instances can sweep at once. Returns how many expired.
   */
  async expireDue(batch = 100): Promise<number> {
    return this.db.$transaction(async (tx) => {
      const due = await tx.$queryRaw<Array<{ id: string }>>`
        SELECT id FROM reservation WHERE status = 'RESERVED' AND expires_at < now()
        ORDER BY expires_at LIMIT ${batch} FOR UPDATE SKIP LOCKED`;
      for (const { id } of due) {
        await tx.reservation.update({ where: { id }, data: { status: 'EXPIRED' } });
        await this.applyLines(
          tx,
          id,
          (t, sku, quantity) =>
            t.$executeRaw`UPDATE stock SET reserved = reserved - ${quantity}, updated_at = now() WHERE sku = ${sku}`,
        );
      }
      return due.length;
    });
  }

  private async close(
    reservationId: string,
    target: Status,
    alreadyDone: Status[],
    action: string,
    applyLine: (tx: Tx, sku: string, quantity: number) => Promise<number>,
  ): Promise<inventoryV1.ReservationOutcome> {
    return this.db.$transaction(async (tx) => {
      // Conditional on RESERVED: of a commit and a release racing, exactly one changes anything.
      const moved = await tx.reservation.updateMany({
        where: { id: reservationId, status: 'RESERVED' },
        data: { status: target },
      });
      if (moved.count === 1) {
        await this.applyLines(tx, reservationId, applyLine);
        return { reservationId, status: target as inventoryV1.ReservationStatus, changed: true };
      }
      const existing = await tx.reservation.findUnique({
        where: { id: reservationId },
        select: { status: true },
      });
      if (!existing) throw reservationNotFound(reservationId);
      if (!alreadyDone.includes(existing.status as Status)) {
        throw reservationClosed(reservationId, existing.status, action);
      }
      return { reservationId, status: existing.status as inventoryV1.ReservationStatus, changed: false };
    });
  }

  private async applyLines(
    tx: Tx,
    reservationId: string,
    applyLine: (tx: Tx, sku: string, quantity: number) => Promise<number>,
  ): Promise<void> {
    const lines = await tx.reservationLine.findMany({ where: { reservationId }, orderBy: { sku: 'asc' } });
    for (const line of lines) await applyLine(tx, line.sku, line.quantity);
  }

  private async describe(reservationId: string, replayed: boolean): Promise<inventoryV1.ReserveResponse> {
    const reservation = await this.db.reservation.findUniqueOrThrow({
      where: { id: reservationId },
      include: { lines: { orderBy: { sku: 'asc' } } },
    });
    return {
      reservationId,
      orderId: reservation.orderId,
      status: reservation.status as inventoryV1.ReservationStatus,
      lines: reservation.lines.map((line) => ({ sku: line.sku, quantity: line.quantity })),
      expiresAt: reservation.expiresAt.toISOString(),
      replayed,
    };
  }
}

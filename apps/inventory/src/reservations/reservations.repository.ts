import { Inject, Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { DatabaseConnection } from '@bazaar/persistence';

export type ReservationStatus = 'RESERVED' | 'RELEASED' | 'COMMITTED' | 'EXPIRED';

export interface ReservationLineRecord {
  sku: string;
  quantity: number;
}

export interface ReservationRecord {
  orderId: string;
  status: ReservationStatus;
  expiresAt: Date;
  lines: ReservationLineRecord[];
}

/** A line that could not be served: how much was asked and how much was available. */
export interface ShortLineRecord {
  sku: string;
  requested: number;
  available: number;
}

/** The outcome of taking stock for every line: all taken, or what was short or unknown (nothing kept). */
export type TakeResult =
  | { kind: 'reserved' }
  | { kind: 'replayed' }
  | { kind: 'refused'; short: ShortLineRecord[]; unknown: string[] };

// Beside Prisma on purpose: docs/adr/0012-inventory-reservations-in-sql.md
/**
 * Reservations in SQL, on the service's pg pool: the hot path of checkout, where an ORM's per-query work would
 * cost more than the database. Named statements are prepared once per connection. Every method is one
 * transaction; callers see only its outcome.
 */
@Injectable()
export class ReservationsRepository {
  constructor(@Inject(DatabaseConnection) private readonly connection: DatabaseConnection) {}

  /**
   * Claims the id, then takes each line (sorted by SKU, so concurrent reservations lock rows in one order and
   * cannot deadlock) with a conditional update that only succeeds while enough is available. Any short or
   * unknown line rolls everything back.
   */
  take(id: string, orderId: string, lines: ReservationLineRecord[], expiresAt: Date): Promise<TakeResult> {
    return this.transaction<TakeResult>(async (db) => {
      const claimed = await db.query({
        name: 'reservation-claim',
        text: `INSERT INTO reservation (id, order_id, status, expires_at, updated_at)
               VALUES ($1, $2, 'RESERVED', $3, now()) ON CONFLICT (id) DO NOTHING`,
        values: [id, orderId, expiresAt],
      });
      if (claimed.rowCount === 0) return { kind: 'replayed' };
      const short: ShortLineRecord[] = [];
      const unknown: string[] = [];
      for (const line of lines) {
        const taken = await db.query({
          name: 'stock-take',
          text: `UPDATE stock SET reserved = reserved + $2, updated_at = now()
                 WHERE sku = $1 AND on_hand - reserved >= $2`,
          values: [line.sku, line.quantity],
        });
        if (taken.rowCount === 1) continue;
        const level = await db.query<{ available: number }>({
          name: 'stock-available',
          text: 'SELECT on_hand - reserved AS available FROM stock WHERE sku = $1',
          values: [line.sku],
        });
        if (level.rowCount === 0) unknown.push(line.sku);
        else short.push({ sku: line.sku, requested: line.quantity, available: level.rows[0].available });
      }
      if (short.length > 0 || unknown.length > 0)
        return { rollback: true, value: { kind: 'refused', short, unknown } };
      await db.query({
        name: 'reservation-lines',
        text: `INSERT INTO reservation_line (reservation_id, sku, quantity)
               SELECT $1, sku, quantity FROM unnest($2::varchar[], $3::int[]) AS line(sku, quantity)`,
        values: [id, lines.map((l) => l.sku), lines.map((l) => l.quantity)],
      });
      return { kind: 'reserved' };
    });
  }

  async find(id: string): Promise<ReservationRecord | undefined> {
    const result = await this.connection.pool.query<{
      order_id: string;
      status: ReservationStatus;
      expires_at: Date;
      lines: ReservationLineRecord[] | null;
    }>({
      name: 'reservation-find',
      text: `SELECT r.order_id, r.status, r.expires_at,
                    (SELECT json_agg(json_build_object('sku', l.sku, 'quantity', l.quantity) ORDER BY l.sku)
                       FROM reservation_line l WHERE l.reservation_id = r.id) AS lines
               FROM reservation r WHERE r.id = $1`,
      values: [id],
    });
    const row = result.rows[0];
    if (!row) return undefined;
    return { orderId: row.order_id, status: row.status, expiresAt: row.expires_at, lines: row.lines ?? [] };
  }

  /**
   * Moves a RESERVED reservation to `target` and applies its lines to stock (release: reserved goes down;
   * commit: on hand and reserved go down). Returns false when the reservation was not RESERVED (nothing changed).
   */
  close(id: string, target: 'RELEASED' | 'COMMITTED' | 'EXPIRED'): Promise<boolean> {
    return this.transaction(async (db) => {
      const moved = await db.query({
        name: 'reservation-move',
        text: `UPDATE reservation SET status = $2, updated_at = now() WHERE id = $1 AND status = 'RESERVED'`,
        values: [id, target],
      });
      if (moved.rowCount === 0) return false;
      await this.applyLines(db, id, target);
      return true;
    });
  }

  /** Expires up to `batch` reservations past their time (rows another instance holds are skipped). */
  expireDue(batch: number): Promise<number> {
    return this.transaction(async (db) => {
      const due = await db.query<{ id: string }>({
        name: 'reservation-due',
        text: `UPDATE reservation SET status = 'EXPIRED', updated_at = now()
               WHERE id IN (SELECT id FROM reservation WHERE status = 'RESERVED' AND expires_at < now()
                            ORDER BY expires_at LIMIT $1 FOR UPDATE SKIP LOCKED)
               RETURNING id`,
        values: [batch],
      });
      for (const { id } of due.rows) await this.applyLines(db, id, 'EXPIRED');
      return due.rowCount ?? 0;
    });
  }

  private async applyLines(
    db: PoolClient,
    id: string,
    target: 'RELEASED' | 'COMMITTED' | 'EXPIRED',
  ): Promise<void> {
    const lines = await db.query<{ sku: string; quantity: number }>({
      name: 'reservation-lines-of',
      text: 'SELECT sku, quantity FROM reservation_line WHERE reservation_id = $1 ORDER BY sku',
      values: [id],
    });
    // Line by line in SKU order: the order every transaction here locks stock rows in, so none can deadlock.
    for (const line of lines.rows) {
      await db.query({
        name: 'stock-apply',
        text: `UPDATE stock SET reserved = reserved - $2, on_hand = on_hand - CASE WHEN $3 THEN $2 ELSE 0 END,
                      updated_at = now()
                WHERE sku = $1`,
        values: [line.sku, line.quantity, target === 'COMMITTED'],
      });
    }
  }

  /** BEGIN ... COMMIT around `work`; a thrown error or `{ rollback: true, value }` rolls back. */
  private async transaction<T>(
    work: (db: PoolClient) => Promise<T | { rollback: true; value: T }>,
  ): Promise<T> {
    const db = await this.connection.pool.connect();
    try {
      await db.query('BEGIN');
      const outcome = await work(db);
      if (typeof outcome === 'object' && outcome !== null && 'rollback' in outcome) {
        await db.query('ROLLBACK');
        return outcome.value;
      }
      await db.query('COMMIT');
      return outcome;
    } catch (error) {
      await db.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      db.release();
    }
  }
}

import { Inject, Injectable } from '@nestjs/common';
import type { QueryResultRow } from 'pg';
import { OrderStatus } from '@bazaar/contracts';
import { DatabaseConnection } from '@bazaar/persistence';
import { OrderSummary } from './order-view';

interface SummaryRow extends QueryResultRow {
  id: string;
  user_id: string;
  status: OrderStatus;
  currency: string;
  total: number;
  lines_count: number;
  created_at: Date;
  updated_at: Date;
}

const SUMMARY_COLUMNS = `o.id, o.user_id, o.status, o.currency, o.total, o.created_at, o.updated_at,
  (SELECT count(*)::int FROM order_line l WHERE l.order_id = o.id) AS lines_count`;

export interface OrderPageQuery {
  /** The page starts after this order (newest first: an older one). */
  beforeId?: string;
  /** One more than the page shows: the extra row only says another page follows (`pageOf`). */
  take: number;
}

/**
 * The order lists, newest first (ids are UUIDv7), keyset-paged: a shopper's own (index on user_id, id) and the
 * admins' by status (index on status, id). Read-only, on the service's pg pool beside OrderRepository.
 */
@Injectable()
export class OrderPages {
  constructor(@Inject(DatabaseConnection) private readonly connection: DatabaseConnection) {}

  async ofUser(userId: string, { beforeId, take }: OrderPageQuery): Promise<OrderSummary[]> {
    const { rows } = await this.connection.pool.query<SummaryRow>({
      name: 'orders-of-user',
      text: `SELECT ${SUMMARY_COLUMNS} FROM "order" o
              WHERE o.user_id = $1 AND ($2::uuid IS NULL OR o.id < $2::uuid)
              ORDER BY o.id DESC LIMIT $3`,
      values: [userId, beforeId ?? null, take],
    });
    return rows.map(toSummary);
  }

  async all(status: OrderStatus | undefined, { beforeId, take }: OrderPageQuery): Promise<OrderSummary[]> {
    const { rows } = await this.connection.pool.query<SummaryRow>({
      name: 'orders-all',
      text: `SELECT ${SUMMARY_COLUMNS} FROM "order" o
              WHERE ($1::text IS NULL OR o.status = $1::text) AND ($2::uuid IS NULL OR o.id < $2::uuid)
              ORDER BY o.id DESC LIMIT $3`,
      values: [status ?? null, beforeId ?? null, take],
    });
    return rows.map(toSummary);
  }
}

const toSummary = (row: SummaryRow): OrderSummary => ({
  id: row.id,
  userId: row.user_id,
  status: row.status,
  currency: row.currency,
  total: row.total,
  linesCount: row.lines_count,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

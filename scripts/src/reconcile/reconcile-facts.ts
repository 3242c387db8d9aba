import { Client } from 'pg';
import type { PspLedger } from '../../../libs/contracts/src/psp-sandbox';
import { ChargeFact, LineFact, OrderFact, ReconcileFacts, ReservationFact, StockFact } from './reconcile';

export interface FactSources {
  ordersDatabaseUrl: string;
  inventoryDatabaseUrl: string;
  /** The payment provider's origin; its `GET /v1/ledger` lists every authorization with its reference. */
  providerUrl: string;
}

/**
 * What each party recorded, read as an operator would: orders and inventory from their databases (read-only
 * queries; inventory is read in one snapshot so its stock and reservations agree), the provider's ledger over HTTP.
 * Orders are read first: an order that moves meanwhile can only look less finished than the others' records.
 */
export async function gatherFacts(sources: FactSources): Promise<ReconcileFacts> {
  const orders = await readOrders(sources.ordersDatabaseUrl);
  const [{ reservations, stock }, charges] = await Promise.all([
    readInventory(sources.inventoryDatabaseUrl),
    readLedger(sources.providerUrl),
  ]);
  return { orders, reservations, stock, charges };
}

async function readOrders(url: string): Promise<OrderFact[]> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{
      id: string;
      status: string;
      total: number;
      currency: string;
      updated_at: Date;
      lines: LineFact[];
    }>(
      `SELECT o.id, o.status, o.total, o.currency, o.updated_at,
              coalesce(json_agg(json_build_object('sku', l.sku, 'quantity', l.quantity))
                         FILTER (WHERE l.sku IS NOT NULL), '[]') AS lines
         FROM "order" o LEFT JOIN order_line l ON l.order_id = o.id
        GROUP BY o.id`,
    );
    return rows.map((row) => ({
      id: row.id,
      status: row.status,
      total: row.total,
      currency: row.currency,
      updatedAt: row.updated_at,
      lines: row.lines,
    }));
  });
}

async function readInventory(url: string): Promise<{ reservations: ReservationFact[]; stock: StockFact[] }> {
  return withClient(url, async (client) => {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    try {
      const reservations = await client.query<{
        id: string;
        order_id: string;
        status: string;
        lines: LineFact[];
      }>(
        `SELECT r.id, r.order_id, r.status,
                coalesce(json_agg(json_build_object('sku', l.sku, 'quantity', l.quantity))
                           FILTER (WHERE l.sku IS NOT NULL), '[]') AS lines
           FROM reservation r LEFT JOIN reservation_line l ON l.reservation_id = r.id
          GROUP BY r.id`,
      );
      const stock = await client.query<{ sku: string; on_hand: number; reserved: number }>(
        'SELECT sku, on_hand, reserved FROM stock',
      );
      return {
        reservations: reservations.rows.map((row) => ({
          id: row.id,
          orderId: row.order_id,
          status: row.status,
          lines: row.lines,
        })),
        stock: stock.rows.map((row) => ({ sku: row.sku, onHand: row.on_hand, reserved: row.reserved })),
      };
    } finally {
      await client.query('COMMIT');
    }
  });
}

async function readLedger(providerUrl: string): Promise<ChargeFact[]> {
  const response = await fetch(`${providerUrl}/v1/ledger`, { signal: AbortSignal.timeout(30_000) });
  if (!response.ok) throw new Error(`${providerUrl}/v1/ledger answered ${response.status}`);
  const ledger = (await response.json()) as PspLedger;
  return ledger.entries.map((entry) => ({
    id: entry.id,
    reference: entry.reference,
    status: entry.status,
    amount: entry.amount,
    currency: entry.currency,
    capturedAmount: entry.capturedAmount,
    refundedAmount: entry.refundedAmount,
  }));
}

async function withClient<T>(url: string, use: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, application_name: 'bazaar-reconcile' });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

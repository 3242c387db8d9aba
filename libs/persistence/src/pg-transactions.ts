import type { Pool, PoolClient, QueryConfig, QueryResult, QueryResultRow } from 'pg';

/**
 * One transaction on a `pg` connection. Its `$executeRawUnsafe` is the shape the outbox and the inbox write
 * through (the same as a Prisma transaction client's), so SQL repositories record events in their own transaction.
 */
export class PgTransaction {
  constructor(private readonly client: PoolClient) {}

  query<R extends QueryResultRow>(config: QueryConfig): Promise<QueryResult<R>> {
    return this.client.query<R>(config);
  }

  async $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number> {
    return (await this.client.query(query, values)).rowCount ?? 0;
  }
}

/**
 * Transactions on a service's `pg` pool, for repositories written in SQL (docs/adr/0012): `$transaction(work)`
 * commits what `work` did, or rolls it back when it throws. It has the shape of Prisma's interactive transactions,
 * so `outbox.transaction(new PgTransactions(pool), ...)` works as it does with a Prisma client.
 */
export class PgTransactions {
  constructor(private readonly pool: Pool) {}

  async $transaction<R>(work: (tx: PgTransaction) => Promise<R>): Promise<R> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await work(new PgTransaction(client));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      // A connection that cannot even roll back is not given back to the pool.
      await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
      throw error;
    } finally {
      client.release(broken);
    }
  }
}

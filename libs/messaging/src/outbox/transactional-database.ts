/** What the outbox and the inbox need of a transaction: raw SQL. Every Prisma transaction client has it. */
export interface SqlTransaction {
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>;
}

export interface TransactionOptions {
  isolationLevel?: 'ReadCommitted' | 'RepeatableRead' | 'Serializable';
  timeout?: number;
  maxWait?: number;
}

/** A database that runs interactive transactions: a service's Prisma client. */
export interface TransactionalDatabase<Tx extends SqlTransaction> {
  $transaction<R>(work: (tx: Tx) => Promise<R>, options?: TransactionOptions): Promise<R>;
}

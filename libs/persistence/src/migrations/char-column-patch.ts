import {
  ColumnTypeEnum,
  SqlMigrationAwareDriverAdapterFactory,
  SqlQuery,
} from '@prisma/driver-adapter-utils';

const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

interface PgResult {
  fields: Array<{ dataTypeID: number }>;
}

interface PgQueryable {
  queryRaw(query: SqlQuery): Promise<{ columnTypes: number[] }>;
  performIO(query: SqlQuery): Promise<PgResult>;
  startTransaction?(...args: unknown[]): Promise<object>;
}

// Relies on PgQueryable.queryRaw reading this.performIO: docs/adr/0007-adapter-pg-char-column-patch.md
/**
 * `@prisma/adapter-pg` rejects PostgreSQL's internal one-byte `"char"` type (oid 18), which the schema engine's
 * catalog queries return (e.g. `pg_class.relkind`), and the engine wants such columns typed as Character. This
 * wraps the migrator's own factory so every connection and transaction it hands out reports them that way; a
 * service's runtime client is never touched.
 */
export function withCharColumns(
  factory: SqlMigrationAwareDriverAdapterFactory,
): SqlMigrationAwareDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => patch(await factory.connect()),
    connectToShadowDb: async () => patch(await factory.connectToShadowDb()),
  };
}

function patch<T extends object>(target: T): T {
  const queryable = target as unknown as PgQueryable;
  // Unbound on purpose: it is called with `this` set to the relabelling view below.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const originalQueryRaw = queryable.queryRaw;
  const originalPerformIO = queryable.performIO.bind(queryable);
  queryable.queryRaw = async (query) => {
    let charColumns: number[] = [];
    // queryRaw reads `this.performIO`; give this one call a view whose performIO relabels "char" as text.
    const view = Object.create(queryable, {
      performIO: {
        value: async (q: SqlQuery): Promise<PgResult> => {
          const result = await originalPerformIO(q);
          charColumns = result.fields.flatMap((field, index) =>
            field.dataTypeID === PG_CHAR_OID ? [index] : [],
          );
          return {
            ...result,
            fields: result.fields.map((f) =>
              f.dataTypeID === PG_CHAR_OID ? { ...f, dataTypeID: PG_TEXT_OID } : f,
            ),
          };
        },
      },
    }) as PgQueryable;
    const result = await originalQueryRaw.call(view, query);
    for (const index of charColumns) result.columnTypes[index] = ColumnTypeEnum.Character;
    return result;
  };
  if (queryable.startTransaction) {
    const originalStart = queryable.startTransaction.bind(queryable);
    queryable.startTransaction = async (...args) => patch(await originalStart(...args));
  }
  return target;
}

import { PrismaPg } from '@prisma/adapter-pg';
import { ColumnTypeEnum, SqlQuery } from '@prisma/driver-adapter-utils';
import { Pool } from 'pg';
import { createMigrationAdapter, MigrationAdapter } from '../src/migrations/migration-adapter';
import { createEmptyTestDatabase, TestDatabase } from '../../../test/support/test-database';

/** A catalog query of the kind the schema engine sends: `relkind` is PostgreSQL's one-byte `"char"` (oid 18). */
const RELKIND: SqlQuery = {
  sql: "SELECT relkind FROM pg_class WHERE relname = 'pg_class'",
  args: [],
  argTypes: [],
};

/**
 * The migrator's connections report `"char"` columns as Character by handing PrismaPg's queryRaw a view whose
 * performIO relabels them (docs/adr/0007-adapter-pg-char-column-patch.md). That relies on adapter-pg's queryRaw
 * reading `this.performIO` and refusing oid 18 on its own: both are checked here on a real PostgreSQL.
 */
describe('@prisma/adapter-pg behaviour the char-column patch relies on', () => {
  let database: TestDatabase;
  let pool: Pool;
  let migration: MigrationAdapter;

  beforeAll(async () => {
    database = await createEmptyTestDatabase('charpatch');
    pool = new Pool({ connectionString: database.url, max: 2 });
    migration = createMigrationAdapter(database.url);
  });

  afterAll(async () => {
    await migration?.close();
    await pool?.end();
    await database?.drop();
  });

  it('refuses a "char" column without the patch', async () => {
    const adapter = await new PrismaPg(pool).connect();
    await expect(adapter.queryRaw(RELKIND)).rejects.toMatchObject({
      name: 'DriverAdapterError',
      cause: { kind: 'UnsupportedNativeDataType', type: 'char' },
    });
  });

  it('reads it as a Character column through the migrator connection', async () => {
    const adapter = await migration.factory.connect();
    try {
      await expect(adapter.queryRaw(RELKIND)).resolves.toEqual({
        columnNames: ['relkind'],
        columnTypes: [ColumnTypeEnum.Character],
        rows: [['r']],
      });
    } finally {
      await adapter.dispose();
    }
  });

  it('reads it as a Character column inside a migrator transaction too', async () => {
    const adapter = await migration.factory.connect();
    const transaction = await adapter.startTransaction();
    try {
      await expect(transaction.queryRaw(RELKIND)).resolves.toMatchObject({
        columnTypes: [ColumnTypeEnum.Character],
        rows: [['r']],
      });
    } finally {
      await transaction.rollback();
      await adapter.dispose();
    }
  });
});

'use strict';

const { Client } = require('pg');

const WAL_FSYNCS = `SELECT coalesce(sum(fsyncs), 0)::float8 AS fsyncs FROM pg_stat_io WHERE object = 'wal'`;

/**
 * PostgreSQL's own counters for the whole server: per database, transactions and rows written; and the WAL
 * written and flushed to disk (each commit of a durable transaction waits for a WAL flush, shared by the commits
 * that arrive together). Read from the cumulative statistics, which backends publish at most once a second
 * while busy: over a run of several seconds at a steady load the lag is about the same at both ends.
 */
async function pgActivity(databaseUrl) {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  // pg_stat_io (PostgreSQL 16+) counts WAL fsyncs from 18 on; older servers leave the column out.
  const walFsyncs = await client.query(WAL_FSYNCS).then(
    () => true,
    () => false,
  );

  return {
    /** { databases: { name: { xacts, written } }, walBytes, walFsyncs? } now. */
    async snapshot() {
      const { rows } = await client.query(
        `SELECT datname, (xact_commit + xact_rollback)::float8 AS xacts,
                (tup_inserted + tup_updated + tup_deleted)::float8 AS written
           FROM pg_stat_database WHERE datname IS NOT NULL AND datname NOT LIKE 'template%'`,
      );
      const wal = await client.query(`SELECT wal_bytes::float8 AS bytes FROM pg_stat_wal`);
      const fsyncs = walFsyncs ? (await client.query(WAL_FSYNCS)).rows[0].fsyncs : undefined;
      return {
        databases: Object.fromEntries(
          rows.map((row) => [row.datname, { xacts: row.xacts, written: row.written }]),
        ),
        walBytes: wal.rows[0].bytes,
        walFsyncs: fsyncs,
      };
    },
    close: () => client.end(),
  };
}

/** What happened between two snapshots, divided by `units`: per database, and the WAL. */
function perUnit(before, after, units) {
  const databases = {};
  for (const [name, end] of Object.entries(after.databases)) {
    const start = before.databases[name] ?? { xacts: 0, written: 0 };
    databases[name] = {
      xacts: (end.xacts - start.xacts) / units,
      written: (end.written - start.written) / units,
    };
  }
  return {
    databases,
    walBytes: (after.walBytes - before.walBytes) / units,
    walFsyncs: after.walFsyncs === undefined ? undefined : (after.walFsyncs - before.walFsyncs) / units,
  };
}

module.exports = { pgActivity, perUnit };

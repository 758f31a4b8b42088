import type { Engine } from '../engine.js';
import { closeDatabase, inTransaction, type AppDatabase } from './client.js';
import { indexMissingStatements, reindexStatements, relevancePage, searchCondition, searchOnlyTotal } from './search.js';

export interface SqliteEngineOptions {
  /**
   * Opens another, read-only connection to the same database file, which a snapshot read closes when it ends.
   * Absent for `:memory:`, which has no second connection: snapshot reads then share the main one.
   */
  openReader?: (() => AppDatabase) | undefined;
}

/**
 * SQLite's side of the seam (src/db/engine.ts), on better-sqlite3: every call runs synchronously on the calling
 * turn of the event loop; the promises only fit the asynchronous interface.
 */
export function sqliteEngine(db: AppDatabase, options: SqliteEngineOptions = {}): Engine {
  return {
    dialect: 'sqlite',
    transaction: async (work) => inTransaction(db, work),
    dataVersion: dataVersionReader(db),
    search: {
      condition: searchCondition,
      onlyTotal: async (query) => searchOnlyTotal(db, query),
      relevancePage: async (r) => relevancePage(db, r.query, r.otherFilters, r.filtered, r.limit, r.cursor, r.fingerprint),
      reindex: (ids) => reindexStatements(db, ids),
      indexMissing: async () => indexMissingStatements(db),
    },
    readSnapshot: (read) => readSnapshot(db, options.openReader, read),
  };
}

/**
 * A value that changes whenever the data may have: PRAGMA data_version moves when another connection commits (a
 * CLI, an import in another process), total_changes() when this connection changes any row. Two prepared reads
 * (about 4 µs), no table touched: fit for every request. (One statement reading both through pragma_data_version
 * is slower than the pair.)
 */
function dataVersionReader(db: AppDatabase): () => string {
  let read: (() => string) | undefined;
  return () => {
    if (!read) {
      const data = db.$client.prepare('PRAGMA data_version').pluck();
      const changes = db.$client.prepare('SELECT total_changes()').pluck();
      read = () => `${String(data.get())}:${String(changes.get())}`;
    }
    return read();
  };
}

/**
 * `read` on a connection of its own, inside one read transaction (WAL: one consistent snapshot however long the read
 * takes, without holding up the main connection's writers), always closed at the end, on error, and when the
 * consumer stops early (a client that disconnects ends the generator at its next yield). Without a second
 * connection (an in-memory database), on the main one, each chunk read on its own between other requests'
 * statements: nothing stays open across turns, so sharing it is safe, only not a snapshot. Nothing is opened
 * before the first value is asked for.
 */
async function* readSnapshot<T>(main: AppDatabase, openReader: (() => AppDatabase) | undefined, read: (db: AppDatabase) => AsyncIterable<T>): AsyncGenerator<T> {
  if (!openReader) {
    yield* read(main);
    return;
  }
  const db = openReader();
  const sqlite = db.$client;
  try {
    sqlite.exec('BEGIN');
    yield* read(db);
    sqlite.exec('COMMIT');
  } finally {
    if (sqlite.open && sqlite.inTransaction) sqlite.exec('ROLLBACK');
    closeDatabase(db);
  }
}

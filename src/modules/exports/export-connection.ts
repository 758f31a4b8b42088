import { closeDatabase, type AppDatabase } from '../../db/sqlite/client.js';

/**
 * The connection an export reads on, and the one read snapshot it holds there for as long as its body streams.
 */

/** Where an export reads from. */
export interface ExportConnection {
  db: AppDatabase;
  /**
   * A connection of the export's own: the export holds one read transaction on it, so it reads one
   * consistent snapshot (WAL), and closes it at the end. Otherwise (the main connection of an in-memory
   * database) each chunk is read on its own, between other requests' statements.
   */
  dedicated: boolean;
  release: () => void;
}

/**
 * How exports get their connection: a fresh dedicated one per export when the database is a file the
 * server can open again (read-only), else the main connection (an in-memory database has no second one;
 * chunked reads leave nothing open across turns, so sharing it is safe, only not a snapshot).
 */
export function exportConnections(main: AppDatabase, openDedicated?: () => AppDatabase): () => ExportConnection {
  if (!openDedicated) return () => ({ db: main, dedicated: false, release: () => undefined });
  return () => {
    const db = openDedicated();
    return { db, dedicated: true, release: () => closeDatabase(db) };
  };
}

/**
 * Runs `read` on a connection opened for it, inside one read transaction when the connection is dedicated,
 * and always releases the connection: at the end, on error, and when the consumer stops early (a client
 * that disconnects ends the generator at its next yield). Nothing is opened before the first value is asked for.
 */
export async function* inReadSnapshot<T>(open: () => ExportConnection, read: (db: AppDatabase) => AsyncIterable<T>): AsyncGenerator<T> {
  const connection = open();
  const sqlite = connection.db.$client;
  try {
    if (connection.dedicated) sqlite.exec('BEGIN');
    yield* read(connection.db);
    if (connection.dedicated) sqlite.exec('COMMIT');
  } finally {
    if (connection.dedicated && sqlite.open && sqlite.inTransaction) sqlite.exec('ROLLBACK');
    connection.release();
  }
}

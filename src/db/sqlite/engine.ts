import { AsyncLocalStorage } from 'node:async_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { and, count, sql, type SQL } from 'drizzle-orm';
import * as t from './schema.js';
import type { Engine } from '../engine.js';
import { closeDatabase, type AppDatabase } from './client.js';
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
    transaction: transactions(db),
    dataVersion: dataVersionReader(db),
    rows: async (query) => db.all(query),
    row: async (query) => db.get(query),
    contains: (haystack, needle) => sql`instr(${haystack}, ${needle}) > 0`,
    countStatements: (where, signal) => countInSlices(db, where, signal),
    // One JSON array as the parameter: SQLite binds no arrays.
    idList: (column) => sql`${column} IN (SELECT value FROM json_each(${sql.placeholder('ids')}))`,
    idListParams: (ids) => ({ ids: JSON.stringify(ids) }),
    prepareRows: (query) => {
      const prepared = query.prepare();
      return async (params) => prepared.all(params);
    },
    search: {
      condition: searchCondition,
      onlyTotal: async (query) => searchOnlyTotal(db, query),
      relevancePage: async (r) => relevancePage(db, r.query, r.otherFilters, r.filtered, r.limit, r.cursor, r.fingerprint),
      reindex: async (ids) => reindexStatements(db, ids),
      indexMissing: async () => indexMissingStatements(db),
    },
    readSnapshot: (read) => readSnapshot(db, options.openReader, read),
  };
}

/** Rows of statements per counting step: a range of rowids, so each step reads at most this many rows. */
const COUNT_SLICE = 20_000;

/**
 * A count of statements in rowid slices with a turn of the event loop between them: better-sqlite3 runs a query on
 * the event loop, and counting 100 000 statements at once would hold up every other request for its duration.
 */
async function countInSlices(db: AppDatabase, where: SQL | undefined, signal?: AbortSignal): Promise<number> {
  const rowid = sql`${t.statements}.rowid`;
  const last = db.get<{ n: number | null }>(sql`SELECT max(rowid) AS n FROM ${t.statements}`)?.n ?? 0;
  let total = 0;
  for (let from = 0; from < last; from += COUNT_SLICE) {
    if (from > 0) {
      await nextTurn();
      if (signal?.aborted) break;
    }
    total += db.select({ n: count() }).from(t.statements).where(and(where, sql`${rowid} > ${from} AND ${rowid} <= ${from + COUNT_SLICE}`)).get()?.n ?? 0;
  }
  return total;
}

/**
 * Write transactions on the one connection: one at a time (the next waits for the previous to end, then takes the
 * lock with BEGIN IMMEDIATE, which also waits out another process's writer for busy_timeout), a throw rolls back, and
 * a transaction begun inside another's work (same async context) is a savepoint of it.
 */
function transactions(db: AppDatabase): Engine['transaction'] {
  const sqlite = db.$client;
  const inside = new AsyncLocalStorage<{ savepoints: number }>();
  let queue: Promise<unknown> = Promise.resolve();
  return <T>(work: (tx: AppDatabase) => Promise<T>): Promise<T> => {
    const outer = inside.getStore();
    if (outer) return savepoint(sqlite, `s${++outer.savepoints}`, () => work(db));
    const run = () =>
      inside.run({ savepoints: 0 }, async () => {
        sqlite.exec('BEGIN IMMEDIATE');
        try {
          const result = await work(db);
          sqlite.exec('COMMIT');
          return result;
        } catch (error) {
          if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
          throw error;
        }
      });
    const turn = queue.then(run, run);
    queue = turn.catch(() => undefined);
    return turn;
  };
}

async function savepoint<T>(sqlite: AppDatabase['$client'], name: string, work: () => Promise<T>): Promise<T> {
  sqlite.exec(`SAVEPOINT ${name}`);
  try {
    const result = await work();
    sqlite.exec(`RELEASE ${name}`);
    return result;
  } catch (error) {
    sqlite.exec(`ROLLBACK TO ${name}`);
    sqlite.exec(`RELEASE ${name}`);
    throw error;
  }
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

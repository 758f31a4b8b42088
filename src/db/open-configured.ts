import type { Config } from '../config.js';
import type { AppDatabase } from './engine.js';
import { assertJapaneseReady, closePostgres, migratePostgres, openPostgres } from './postgres/client.js';
import { startPostgresEngine } from './postgres/engine.js';
import { closeDatabase, migrateDatabase, openDatabase } from './sqlite/client.js';

export interface ConfiguredDatabase {
  /** Migrated, with its engine attached. A PostgreSQL handle is passed as an AppDatabase (src/db/postgres/engine.ts). */
  db: AppDatabase;
  /** What to name in logs and messages: the file, or the PostgreSQL server and database without the password. */
  location: string;
  /** Stops the engine and closes every connection (the pools, the LISTEN connection, or the SQLite file). */
  close: () => Promise<void>;
}

export type DatabaseSettings = Pick<
  Config,
  'DATABASE_PATH' | 'DATABASE_URL' | 'DATABASE_REPLICA_URLS' | 'DATABASE_POOL_MAX' | 'DATABASE_STATEMENT_TIMEOUT_MS'
>;

/**
 * The database the configuration names, opened and migrated: PostgreSQL at DATABASE_URL when it is set, else the
 * SQLite file at DATABASE_PATH. The server and the command-line tools open it through here, so that both engines
 * start the same way everywhere. On PostgreSQL, a database that would drop Japanese from search is refused before
 * anything is written to it.
 */
export async function openConfiguredDatabase(
  settings: DatabaseSettings,
  options: { onIdleError?: (error: Error) => void } = {},
): Promise<ConfiguredDatabase> {
  if (!settings.DATABASE_URL) {
    const db = openDatabase(settings.DATABASE_PATH);
    migrateDatabase(db);
    return { db, location: settings.DATABASE_PATH, close: async () => closeDatabase(db) };
  }
  // The replicas' pools are opened beside the primary's, but every query, GETs included, still reads the primary:
  // routing reads to a replica needs the replica's data version checked against this node's first.
  const pg = openPostgres({
    url: settings.DATABASE_URL,
    replicaUrls: settings.DATABASE_REPLICA_URLS,
    poolMax: settings.DATABASE_POOL_MAX,
    statementTimeoutMs: settings.DATABASE_STATEMENT_TIMEOUT_MS,
    onIdleError: options.onIdleError,
  });
  try {
    await assertJapaneseReady(pg.$client);
    await migratePostgres(pg);
    const engine = await startPostgresEngine(pg);
    return {
      db: pg as unknown as AppDatabase,
      location: postgresLocation(settings.DATABASE_URL),
      close: async () => {
        await engine.close();
        await closePostgres(pg);
      },
    };
  } catch (error) {
    await closePostgres(pg).catch(() => undefined);
    throw error;
  }
}

function postgresLocation(url: string): string {
  const parsed = new URL(url);
  parsed.password = '';
  return parsed.toString();
}

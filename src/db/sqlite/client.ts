import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { PROJECT_ROOT } from '../../project-root.js';
import { attachEngine } from '../engine.js';
import { sqliteEngine } from './engine.js';
import { openReadOnlyDatabase } from './read-connection.js';
import * as schema from './schema.js';

export type AppDatabase = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export const MIGRATIONS_FOLDER = join(PROJECT_ROOT, 'migrations');

/**
 * Opens (and creates, with its folder) the SQLite database, with its engine (src/db/sqlite/engine.ts) attached.
 * - WAL lets readers go on while one writer writes.
 * - synchronous=FULL: a transaction the API acknowledged survives a power cut, not only a crash.
 * - busy_timeout: a second process (a CLI, a backup) waits for the lock instead of failing at once.
 */
export function openDatabase(path: string): AppDatabase {
  const inMemory = path === ':memory:';
  if (!inMemory) mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new Database(path);
  if (!inMemory) sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = drizzle(sqlite, { schema });
  attachEngine(db, sqliteEngine(db, { openReader: inMemory ? undefined : () => openReadOnlyDatabase(path) }));
  return db;
}

/**
 * Applies every migration in `folder` that this database has not seen yet.
 *
 * Foreign keys are switched off around the migrations, as SQLite's procedure for schema changes asks
 * (a PRAGMA inside the migrator's transaction would be ignored): a migration that rebuilds a table which
 * other tables reference must not trip over those references half-way. Integrity is checked before they
 * are switched back on; a violation stops start-up rather than serving broken data.
 */
export function migrateDatabase(db: AppDatabase, folder = MIGRATIONS_FOLDER): void {
  db.$client.pragma('foreign_keys = OFF');
  try {
    migrate(db, { migrationsFolder: folder });
    const violations = db.$client.pragma('foreign_key_check') as unknown[];
    if (violations.length > 0) {
      throw new Error(`migrations left ${violations.length} foreign key violation(s): ${JSON.stringify(violations.slice(0, 5))}`);
    }
  } finally {
    db.$client.pragma('foreign_keys = ON');
  }
}

export function closeDatabase(db: AppDatabase): void {
  if (db.$client.open) db.$client.close();
}


import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import type { AppDatabase } from './client.js';
import { attachEngine } from '../engine.js';
import { sqliteEngine } from './engine.js';
import * as schema from './schema.js';

/**
 * A second, read-only connection to a database file the server already has open (and has migrated).
 * Long reads (exports) go through one of these: better-sqlite3 refuses every other statement on a
 * connection while an iterator is open, and a read transaction held across event-loop turns on the main
 * connection would swallow the other requests' writes. The journal mode (WAL) is a property of the file,
 * so it needs no pragma here; foreign keys and synchronous matter only to writers.
 */
export function openReadOnlyDatabase(path: string): AppDatabase {
  const sqlite = new Database(path, { readonly: true, fileMustExist: true });
  // A checkpoint or a writer may hold a lock for a moment: wait rather than fail.
  sqlite.pragma('busy_timeout = 5000');
  const db = drizzle(sqlite, { schema });
  // Its own reads (search, counts) go through the engine like the main connection's; it has no reader of its own.
  attachEngine(db, sqliteEngine(db));
  return db;
}

import { ConfigError, loadConfig } from '../config.js';
import { migrateDatabase, openDatabase, type AppDatabase } from '../db/sqlite/client.js';

/** For the command-line tools: the database the server would use, migrated. Exits 1 on bad configuration. */
export function openConfiguredDatabase(): { db: AppDatabase; path: string } {
  try {
    const config = loadConfig(process.env);
    const db = openDatabase(config.DATABASE_PATH);
    migrateDatabase(db);
    return { db, path: config.DATABASE_PATH };
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}

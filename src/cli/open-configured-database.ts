import { ConfigError, loadConfig } from '../config.js';
import { openConfiguredDatabase as openDatabase, type ConfiguredDatabase } from '../db/open-configured.js';

/**
 * For the command-line tools: the database the server would use (SQLite at DATABASE_PATH, or PostgreSQL at
 * DATABASE_URL), migrated. Exits 1 on bad configuration.
 */
export async function openConfiguredDatabase(): Promise<ConfiguredDatabase> {
  try {
    return await openDatabase(loadConfig(process.env));
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}

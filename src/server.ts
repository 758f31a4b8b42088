import { buildApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { engineOf } from './db/engine.js';
import { openConfiguredDatabase } from './db/open-configured.js';
import { seedDatabase } from './db/seed.js';
import { createLogger } from './platform/logger.js';
import { loadSeedDataset } from '../seeds/index.js';

/**
 * The only place that reads the environment, opens the database and listens.
 * Start-up: parse config → open (SQLite at DATABASE_PATH, or PostgreSQL at DATABASE_URL) → migrate → seed (only
 * versions not yet applied) → listen.
 * Shutdown on SIGTERM/SIGINT: stop accepting, let in-flight requests finish, close the database (the SQLite file,
 * or PostgreSQL's pools and LISTEN connection).
 */
async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }

  const logger = createLogger(config.LOG_LEVEL);
  const { db, location, close: closeDatabase } = await openConfiguredDatabase(config, {
    // The pool has dropped the connection and opens a new one for the next query; worth a line, not a crash.
    onIdleError: (err) => logger.warn({ err }, 'an idle database connection failed'),
  });
  const seed = await seedDatabase(db, loadSeedDataset());
  // A database created before full-text search existed gets its index built once.
  const indexed = await engineOf(db).search.indexMissing();

  // Exports read through connections of their own (the engine opens them read-only on SQLite, takes them from the
  // pool on PostgreSQL) so that they never hold up the main one.
  const app = await buildApp({ config, db, logger });
  app.log.info({ database: location, seed, indexed }, seed.applied ? 'database seeded' : 'database ready');

  let shuttingDown = false;
  const shutdown = (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    // A request that hangs must not keep the process alive for ever.
    const force = setTimeout(() => {
      app.log.error('shutdown timed out after 10 s; exiting');
      process.exit(1);
    }, 10_000);
    force.unref();
    // server.close() ends only the connections idle at that moment: a keep-alive connection whose request is
    // still being answered would then stay open for the whole keep-alive timeout. Once their answers are
    // written, such connections are closed too.
    app.server.keepAliveTimeout = 1;
    const closeIdle = setInterval(() => app.server.closeIdleConnections(), 100);
    closeIdle.unref();
    app
      .close()
      .then(closeDatabase)
      .then(() => {
        app.log.info('shut down cleanly');
        process.exit(0);
      })
      .catch((err: unknown) => {
        app.log.error({ err }, 'error during shutdown');
        process.exit(1);
      });
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));

  await app.listen({ port: config.PORT, host: config.HOST });
}

main().catch((err: unknown) => {
  process.stderr.write(`econsec-api failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});

import { loadSeedDataset } from '../../seeds/index.js';
import { buildApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { closeDatabase, migrateDatabase, openDatabase, type AppDatabase } from '../../src/db/sqlite/client.js';
import { seedDatabase } from '../../src/db/seed.js';
import { insertSyntheticCorpus } from '../../bench/synthetic-corpus.js';

export interface TestContext {
  app: App;
  db: AppDatabase;
  close: () => Promise<void>;
}

/** A fresh in-memory database with the real migrations and the real seed, and the app built on it. */
export async function createSeededDatabase(path = ':memory:'): Promise<AppDatabase> {
  const db = openDatabase(path);
  migrateDatabase(db);
  await seedDatabase(db, loadSeedDataset());
  return db;
}

/**
 * Tests that are not about abuse limits must not trip them: a property test makes hundreds of requests from
 * one address, and a busy test process can lag its event loop. The limiter still runs (generous budgets);
 * load shedding is off. tests/api/abuse-limits.test.ts passes its own values.
 */
const RELAXED_LIMITS = { RATE_LIMIT_MAX: '1000000000', RATE_LIMIT_WRITE_MAX: '1000000000', MAX_EVENT_LOOP_DELAY_MS: '0' };

/** The app built on `db`, and a close that closes both. */
async function appOn(db: AppDatabase, env: Record<string, string>): Promise<TestContext> {
  const app = await buildApp({ config: loadConfig({ LOG_LEVEL: 'silent', ...env }), db });
  return {
    app,
    db,
    close: async () => {
      await app.close();
      closeDatabase(db);
    },
  };
}

export async function createTestApp(env: Record<string, string> = {}): Promise<TestContext> {
  return appOn(await createSeededDatabase(), { ...RELAXED_LIMITS, ...env });
}

/**
 * The briefing plus a synthetic corpus of `statements` (bench/synthetic-corpus.ts), in memory, after `prepare`
 * has changed what it wants directly in the database, with the app built on it. No response cache and no
 * limits: every request runs its queries, as the corpus tests need.
 */
export async function createCorpusApp(statements: number, seed: number, prepare?: (db: AppDatabase) => void): Promise<TestContext> {
  const db = await createSeededDatabase();
  insertSyntheticCorpus(db, loadSeedDataset(), { statements, seed });
  prepare?.(db);
  return appOn(db, { RATE_LIMIT_MAX: '0', RATE_LIMIT_WRITE_MAX: '0', MAX_EVENT_LOOP_DELAY_MS: '0', RESPONSE_CACHE_MAX_ENTRIES: '0' });
}

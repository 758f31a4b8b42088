import { sql, type SQL } from 'drizzle-orm';
import { createHash } from 'node:crypto';
import { loadSeedDataset } from '../../seeds/index.js';
import { buildApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { engineOf } from '../../src/db/engine.js';
import { closePostgres, openPostgres, type PostgresDatabase } from '../../src/db/postgres/client.js';
import { startPostgresEngine } from '../../src/db/postgres/engine.js';
import { closeDatabase, migrateDatabase, openDatabase, type AppDatabase } from '../../src/db/sqlite/client.js';
import { seedDatabase } from '../../src/db/seed.js';
import { insertSyntheticCorpus } from '../../bench/synthetic-corpus.js';
import { createTestDatabase, dropTestDatabase, uniqueDatabaseName } from './postgres.js';
import { fingerprint } from './reliability.js';
import { TEST_ENGINE } from './test-engine.js';

export interface TestContext {
  app: App;
  db: AppDatabase;
  close: () => Promise<void>;
}

/** How each database made here is closed (and, on PostgreSQL, dropped); closing twice is closing once. */
const closers = new WeakMap<AppDatabase, () => Promise<void>>();

/**
 * A database of this test's own with the real migrations, its engine attached, and nothing in it: in memory on
 * SQLite (or the file at `path`), or on PostgreSQL (ECONSEC_TEST_ENGINE=postgres) a new database copied from the
 * migrated template, dropped by closeTestDatabase.
 */
export async function createEmptyDatabase(path = ':memory:'): Promise<AppDatabase> {
  if (TEST_ENGINE === 'sqlite') {
    const db = openDatabase(path);
    migrateDatabase(db);
    closers.set(db, once(async () => closeDatabase(db)));
    return db;
  }
  if (path !== ':memory:') throw new Error(`a database file (${path}) is SQLite's: list this test file in tests/helpers/test-engine.ts`);
  const name = uniqueDatabaseName();
  const pg = openPostgres({ url: await createTestDatabase(name), poolMax: 4 });
  try {
    const engine = await startPostgresEngine(pg);
    const db = pg as unknown as AppDatabase;
    closers.set(
      db,
      once(async () => {
        await engine.close();
        await closePostgres(pg);
        await dropTestDatabase(name);
      }),
    );
    return db;
  } catch (error) {
    await closePostgres(pg).catch(() => undefined);
    await dropTestDatabase(name);
    throw error;
  }
}

/** A fresh database (createEmptyDatabase) with the real seed. */
export async function createSeededDatabase(path = ':memory:'): Promise<AppDatabase> {
  const db = await createEmptyDatabase(path);
  await seedDatabase(db, loadSeedDataset());
  return db;
}

/** Closes a database made here, whichever the engine; after it, queries on `db` fail as on a dead database. */
export async function closeTestDatabase(db: AppDatabase): Promise<void> {
  const close = closers.get(db);
  if (!close) throw new Error('closeTestDatabase: this database was not made by tests/helpers/test-app.ts');
  await close();
}

/**
 * Runs SQL that a test writes itself (to set up a state the API cannot make, or to look behind it), on either
 * engine: write it in the SQL both engines share. `runSql` for statements, `sqlRows` for what a query returns.
 * On PostgreSQL a statement runs in one of the engine's write transactions, so that this node's data version has
 * moved when it returns, as after a write through the API (the notification from the triggers comes later); on
 * SQLite the data version sees a write on the connection at once, as it always did.
 */
export async function runSql(db: AppDatabase, query: SQL): Promise<void> {
  if (TEST_ENGINE === 'sqlite') db.run(query);
  else await engineOf(db).transaction(async (tx) => (tx as unknown as PostgresDatabase).execute(query));
}

export async function sqlRows<T>(db: AppDatabase, query: SQL): Promise<T[]> {
  return engineOf(db).rows<T>(query);
}

/** sqlRows for SQL written as text with `?` for each of `params` (no `?` inside its string literals). */
export async function textRows<T>(db: AppDatabase, source: string, ...params: unknown[]): Promise<T[]> {
  const parts = source.split('?');
  if (parts.length !== params.length + 1) throw new Error(`textRows: ${parts.length - 1} placeholders for ${params.length} values in ${source}`);
  return sqlRows<T>(db, sql.join(parts.flatMap((part, i) => (i < params.length ? [sql.raw(part), sql`${params[i]}`] : [sql.raw(part)]))));
}

/**
 * Counts the queries `db` sends to its database from now on (to prove an answer came from memory), whichever the
 * engine: statements prepared on SQLite, queries sent to the pool on PostgreSQL. `stop` puts the driver back.
 */
export function countQueries(db: AppDatabase): { count: () => number; reset: () => void; stop: () => void } {
  let queries = 0;
  const target = (TEST_ENGINE === 'sqlite' ? db.$client : (db as unknown as PostgresDatabase).$client) as unknown as Record<string, unknown>;
  const name = TEST_ENGINE === 'sqlite' ? 'prepare' : 'query';
  const original = target[name] as (...args: unknown[]) => unknown;
  target[name] = function (this: unknown, ...args: unknown[]) {
    queries += 1;
    return original.apply(this, args);
  };
  return {
    count: () => queries,
    reset: () => {
      queries = 0;
    },
    stop: () => {
      target[name] = original;
    },
  };
}

/**
 * A digest of every table's rows, to compare before and after (tests/helpers/reliability.ts changedTables): on SQLite
 * fingerprint() of its connection; on PostgreSQL the same digest of each base table of the public schema, every
 * value read as text (json has no ordering).
 */
export async function fingerprintOf(db: AppDatabase, ignore: Record<string, string[]> = { api_keys: ['last_used_at'] }): Promise<Map<string, string>> {
  if (TEST_ENGINE === 'sqlite') return fingerprint(db.$client, ignore);
  const columns = await sqlRows<{ table: string; column: string }>(
    db,
    sql`SELECT table_name AS "table", column_name AS "column" FROM information_schema.columns
         WHERE table_schema = 'public' AND table_name IN (SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE')
         ORDER BY table_name, ordinal_position`,
  );
  const byTable = new Map<string, string[]>();
  for (const { table, column } of columns) {
    if ((ignore[table] ?? []).includes(column)) continue;
    byTable.set(table, [...(byTable.get(table) ?? []), column]);
  }
  const result = new Map<string, string>();
  for (const [table, names] of byTable) {
    const list = sql.join(names.map((name) => sql`${sql.identifier(name)}::text`), sql`, `);
    const order = sql.raw(names.map((_, i) => i + 1).join(', '));
    const rows = await sqlRows<Record<string, string | null>>(db, sql`SELECT ${list} FROM ${sql.identifier(table)} ORDER BY ${order}`);
    const hash = createHash('sha256');
    for (const row of rows) hash.update(`${JSON.stringify(Object.values(row))}\n`);
    result.set(table, `${rows.length}:${hash.digest('hex')}`);
  }
  return result;
}

function once(close: () => Promise<void>): () => Promise<void> {
  let closing: Promise<void> | undefined;
  return () => (closing ??= close());
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
      await closeTestDatabase(db);
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
  if (TEST_ENGINE === 'postgres') throw new Error('the synthetic corpus (bench/synthetic-corpus.ts) is written with SQLite statements: not yet on PostgreSQL');
  const db = await createSeededDatabase();
  insertSyntheticCorpus(db, loadSeedDataset(), { statements, seed });
  prepare?.(db);
  return appOn(db, { RATE_LIMIT_MAX: '0', RATE_LIMIT_WRITE_MAX: '0', MAX_EVENT_LOOP_DELAY_MS: '0', RESPONSE_CACHE_MAX_ENTRIES: '0' });
}

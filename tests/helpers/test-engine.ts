/**
 * Which engine this vitest run tests. `npm test` runs the suite twice (scripts/test-engines.mjs): once on SQLite,
 * once with ECONSEC_TEST_ENGINE=postgres, where tests/helpers/test-app.ts gives every test a PostgreSQL database of
 * its own made from the migrated template (tests/helpers/postgres.ts) instead of an in-memory SQLite one.
 */
export type TestEngine = 'sqlite' | 'postgres';

export const TEST_ENGINE: TestEngine = process.env.ECONSEC_TEST_ENGINE?.trim() === 'postgres' ? 'postgres' : 'sqlite';

/**
 * The test files that are about SQLite itself, left out of the PostgreSQL pass (vitest.config.ts), with why. Every
 * other file runs on both engines. PostgreSQL's own tests (tests/reliability/postgres-*.test.ts) run in both passes
 * whenever ECONSEC_TEST_POSTGRES_URL is set: they open their databases themselves. One file runs on both but for a
 * part about SQLite's file, skipped on PostgreSQL where it is declared: tests/reliability/concurrency.test.ts (two
 * server processes on one SQLite file).
 */
export const SQLITE_ONLY_FILES: Readonly<Record<string, string>> = {
  'tests/unit/database.test.ts': "SQLite's client: the file, its pragmas, migrations 0000–0008 applied to it",
  'tests/unit/portable-schema.test.ts': "the SQLite file's schema as Debian's sqlite3 CLI reads it",
  'tests/reliability/portable-database.test.ts': 'the SQLite file opened by other SQLite programs, and upgraded from older migrations',
  'tests/unit/query-plans.test.ts': "SQLite's EXPLAIN QUERY PLAN of the hot queries",
  'tests/reliability/crash.test.ts': 'a server process killed mid-write on an SQLite file (WAL recovery)',
  'tests/reliability/shutdown.test.ts': 'a server process shutting down on an SQLite file (WAL checkpoint)',
  'tests/e2e/server-process.test.ts': 'the built server started on an SQLite file',
  'tests/api/exports-streaming.test.ts': "exports on SQLite's read-only connections of their own (src/db/sqlite/read-connection.ts)",
  'tests/unit/response-cache.test.ts': "the data version from SQLite's PRAGMA data_version",
  // Not about SQLite, but not yet on PostgreSQL (issue 13): their corpus is written by bench/synthetic-corpus.ts with
  // SQLite statements, and their oracle SQL reads rowid.
  'tests/corpus/aggregates.test.ts': 'NOT YET on PostgreSQL: the synthetic corpus is written with SQLite statements',
  'tests/corpus/search-relevance.test.ts': 'NOT YET on PostgreSQL: the synthetic corpus is written with SQLite statements',
};

/**
 * PostgreSQL for tests: each test file gets a database of its own, copied from the migrated template
 * (tests/helpers/postgres-template.ts) before its tests and dropped after them, on the server that
 * ECONSEC_TEST_POSTGRES_URL names. Run the suite with one:
 *
 *   bash scripts/postgres-cluster.sh run -- npx vitest run
 *
 * Without it, PostgreSQL suites are skipped locally with a message on stderr, but FAIL when CI is set: CI must
 * start PostgreSQL (.ci/run does), or these suites would silently stop testing anything.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { TEMPLATE_DATABASE, databaseUrl } from './postgres-template.js';

const SERVER_URL = process.env.ECONSEC_TEST_POSTGRES_URL?.trim() || undefined;
const IN_CI = !['', '0', 'false'].includes((process.env.CI ?? '').trim().toLowerCase());

/** The server's maintenance database (to create and drop databases); throws when there is no server. */
export function postgresServerUrl(): string {
  if (!SERVER_URL) throw new Error('ECONSEC_TEST_POSTGRES_URL is not set');
  return SERVER_URL;
}

/** Runs `statement` on the server's maintenance database (CREATE DATABASE cannot run inside a transaction). */
export async function onServer<T extends pg.QueryResultRow = pg.QueryResultRow>(statement: string, values?: unknown[]): Promise<pg.QueryResult<T>> {
  const admin = new pg.Client({ connectionString: postgresServerUrl() });
  await admin.connect();
  try {
    return await admin.query<T>(statement, values);
  } finally {
    await admin.end();
  }
}

/** A name no other test file (or parallel run) uses. */
export function uniqueDatabaseName(prefix = 'econsec_test'): string {
  return `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

/** A new database copied from the migrated template; its URL. */
export async function createTestDatabase(name = uniqueDatabaseName()): Promise<string> {
  await onServer(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE}`);
  return databaseUrl(postgresServerUrl(), name);
}

/** Drops a database made by a test, even with connections still open on it. */
export async function dropTestDatabase(name: string): Promise<void> {
  await onServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}

/**
 * `describe`, for a suite that needs PostgreSQL: skipped with a message when there is none, failing in CI.
 */
export function describePostgres(name: string, body: () => void): void {
  if (SERVER_URL) {
    describe(name, body);
  } else if (IN_CI) {
    describe(name, () => {
      it('has a PostgreSQL server to test against', () => {
        throw new Error('CI is set but ECONSEC_TEST_POSTGRES_URL is not: .ci/run must start PostgreSQL (bash scripts/postgres-cluster.sh run -- npm test)');
      });
    });
  } else {
    process.stderr.write(
      `\n[${name}] SKIPPED: no PostgreSQL (ECONSEC_TEST_POSTGRES_URL is not set). Run with ` +
        `bash scripts/postgres-cluster.sh run -- npx vitest run (with CI set, this suite fails instead of skipping).\n\n`,
    );
    describe.skip(name, body);
  }
}

/**
 * Inside a describePostgres body: a database of this suite's own from the template, made before its tests and
 * dropped after them. Read `.url` in tests or hooks, not while the suite is being declared.
 */
export function usePostgresDatabase(): { readonly url: string; readonly name: string } {
  const name = uniqueDatabaseName();
  let url: string | undefined;
  beforeAll(async () => {
    url = await createTestDatabase(name);
  });
  afterAll(async () => {
    if (url) await dropTestDatabase(name);
  });
  return {
    name,
    get url() {
      if (!url) throw new Error('the test database is made in beforeAll: read .url inside a test or hook');
      return url;
    },
  };
}

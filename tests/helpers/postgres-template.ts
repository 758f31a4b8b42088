/**
 * The migrated template that every PostgreSQL test database is copied from (CREATE DATABASE … TEMPLATE takes
 * 115–165 ms; migrating a fresh database each time would take longer and test the migrations a hundred times over).
 * Made by scripts/postgres-cluster.sh for its cluster and checked by vitest's global setup
 * (tests/helpers/postgres-global-setup.ts) for any server ECONSEC_TEST_POSTGRES_URL names:
 *
 *   node --import tsx tests/helpers/postgres-template.ts postgres://postgres@127.0.0.1:5433/postgres
 */
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import {
  CREATE_DATABASE_ADVICE,
  POSTGRES_MIGRATIONS_FOLDER,
  assertJapaneseReady,
  closePostgres,
  migratePostgres,
  openPostgres,
} from '../../src/db/postgres/client.js';

export const TEMPLATE_DATABASE = 'econsec_template';

/** The URL of database `name` on the server of `serverUrl`. */
export function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${encodeURIComponent(name)}`;
  return url.toString();
}

/** Whether the template holds exactly the migrations of migrations-postgres/ (an edited file counts as new). */
async function templateIsCurrent(admin: pg.Client, serverUrl: string): Promise<boolean> {
  const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [TEMPLATE_DATABASE]);
  if (exists.rowCount === 0) return false;
  const template = new pg.Client({ connectionString: databaseUrl(serverUrl, TEMPLATE_DATABASE) });
  await template.connect();
  try {
    const applied = await template.query<{ hash: string }>('SELECT hash FROM drizzle.__drizzle_migrations ORDER BY created_at').catch(() => ({ rows: [] }));
    const wanted = readMigrationFiles({ migrationsFolder: POSTGRES_MIGRATIONS_FOLDER }).map((migration) => migration.hash);
    return applied.rows.length === wanted.length && applied.rows.every((row, i) => row.hash === wanted[i]);
  } finally {
    await template.end();
  }
}

/**
 * Makes sure the server has an up-to-date migrated template (creating it again when the migrations changed), made
 * the way a production database must be made (CREATE_DATABASE_ADVICE). Serialised by an advisory lock, so that two
 * test runs on one server do not both rebuild it.
 */
export async function prepareTemplate(serverUrl: string): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query("SELECT pg_advisory_lock(hashtext('econsec_template'))");
    if (await templateIsCurrent(admin, serverUrl)) return;
    await admin.query(`ALTER DATABASE ${TEMPLATE_DATABASE} IS_TEMPLATE false`).catch(() => undefined);
    await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE} WITH (FORCE)`);
    await admin.query(CREATE_DATABASE_ADVICE.replace('DATABASE econsec ', `DATABASE ${TEMPLATE_DATABASE} `));
    const db = openPostgres({ url: databaseUrl(serverUrl, TEMPLATE_DATABASE), poolMax: 1 });
    try {
      await migratePostgres(db);
      await assertJapaneseReady(db.$client);
    } finally {
      await closePostgres(db);
    }
    await admin.query(`ALTER DATABASE ${TEMPLATE_DATABASE} IS_TEMPLATE true`);
  } finally {
    await admin.end();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const serverUrl = process.argv[2];
  if (!serverUrl) {
    process.stderr.write('usage: node --import tsx tests/helpers/postgres-template.ts postgres://…/postgres\n');
    process.exit(2);
  }
  await prepareTemplate(serverUrl);
  process.stdout.write(`${databaseUrl(serverUrl, TEMPLATE_DATABASE)}\n`);
}

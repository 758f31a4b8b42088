import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { join } from 'node:path';
import pg from 'pg';
import { PROJECT_ROOT } from '../../project-root.js';
import * as schema from './schema.js';

export type PostgresDatabase = NodePgDatabase<typeof schema> & { $client: pg.Pool };

export const POSTGRES_MIGRATIONS_FOLDER = join(PROJECT_ROOT, 'migrations-postgres');

export interface PostgresOptions {
  /** The primary: postgres://user:password@host:port/database. Writes, If-Match checks and LISTEN go here. */
  url: string;
  /** Streaming replicas for reads, if any. */
  replicaUrls?: string[];
  /** Connections per pool (each replica has a pool of its own of the same size). */
  poolMax?: number;
  /** A statement running longer is cancelled by the server: a slow query fails alone, not the pool. */
  statementTimeoutMs?: number;
  /**
   * An idle pooled connection failed (the server restarted, a failover). The pool has already dropped it and the
   * next query opens a new one; without a listener, node-postgres would crash the process with it.
   */
  onIdleError?: (error: Error) => void;
}

/**
 * Values as better-sqlite3 returns them, set once on pg's type table when a pool is first opened (drizzle hands
 * node-postgres a `types` of its own on every query, which asks that global table for everything but its date
 * types, so a per-pool setting would not reach drizzle's queries; nothing else in this process reads these types):
 * - counts and sums are numbers, not strings: int8 (count(*), sums of integers) and numeric (sums of int8) come back
 *   as strings by default because they can exceed 2^53, which no count or sum of this dataset comes near;
 * - JSON columns come back as their text, as SQLite's do: the modules read them through the SQLite tables'
 *   json-mode columns, which parse the text themselves; the PostgreSQL tables' json columns parse a string too.
 */
let typesSet = false;
function setTypeParsers(): void {
  if (typesSet) return;
  typesSet = true;
  const asNumber = (value: string) => Number(value);
  const asText = (value: string) => value;
  pg.types.setTypeParser(pg.types.builtins.INT8, asNumber);
  pg.types.setTypeParser(pg.types.builtins.NUMERIC, asNumber);
  pg.types.setTypeParser(pg.types.builtins.JSON, asText);
  pg.types.setTypeParser(pg.types.builtins.JSONB, asText);
}

function openPool(url: string, options: PostgresOptions): pg.Pool {
  setTypeParsers();
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolMax ?? 10,
    statement_timeout: options.statementTimeoutMs ?? 5000,
    application_name: 'econsec-api',
  });
  pool.on('error', options.onIdleError ?? (() => {}));
  return pool;
}

const replicasByDatabase = new WeakMap<PostgresDatabase, PostgresDatabase[]>();

/**
 * Opens pools on the primary and on each replica, without connecting yet (the first query connects). Returns the
 * primary's database; `postgresReplicas(db)` gives the replicas'. No engine is attached here: the engine's open
 * function does that, as src/db/sqlite/client.ts does for SQLite.
 */
export function openPostgres(options: PostgresOptions): PostgresDatabase {
  const primary = drizzle(openPool(options.url, options), { schema }) as PostgresDatabase;
  replicasByDatabase.set(
    primary,
    (options.replicaUrls ?? []).map((url) => drizzle(openPool(url, options), { schema }) as PostgresDatabase),
  );
  return primary;
}

/** The replicas' databases opened with `db` (empty without DATABASE_REPLICA_URLS). */
export function postgresReplicas(db: PostgresDatabase): PostgresDatabase[] {
  return replicasByDatabase.get(db) ?? [];
}

/** Closes the primary's pool and the replicas', waiting for checked-out connections to be released. */
export async function closePostgres(db: PostgresDatabase): Promise<void> {
  await Promise.all([db, ...postgresReplicas(db)].map((each) => each.$client.end()));
}

/** Any number: the same key for every process that migrates this project's databases. */
const MIGRATION_LOCK = 7_403_251_388;

/**
 * Applies every migration of migrations-postgres/ that this database has not seen yet (drizzle's migrator, which
 * records them in drizzle.__drizzle_migrations and runs the pending ones in one transaction). Several API nodes
 * starting at once would each find the same migrations pending: a session advisory lock, held on the connection
 * the migrations run on, lets one migrate while the others wait and then find nothing to do.
 */
export async function migratePostgres(db: PostgresDatabase, folder = POSTGRES_MIGRATIONS_FOLDER): Promise<void> {
  const client = await db.$client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      // The migrations' own notices (CREATE EXTENSION IF NOT EXISTS …, schema "drizzle" already exists) are noise.
      await client.query("SET client_min_messages = 'warning'");
      await migrate(drizzle(client), { migrationsFolder: folder });
    } finally {
      await client.query('RESET client_min_messages');
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
}

/** How to make a database that passes assertJapaneseReady. */
export const CREATE_DATABASE_ADVICE =
  "CREATE DATABASE econsec ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8' TEMPLATE template0";

/**
 * Refuses a database on which this API would give wrong answers, with the statement that makes a right one:
 * - pg_trgm finds no trigrams in Japanese unless LC_CTYPE is a UTF-8 locale (with `C`, and with an ICU database
 *   whose LC_CTYPE is `C`, show_trgm('経済的威圧') is {} and every search for a Japanese term silently finds
 *   nothing); asked of pg_trgm itself, not guessed from the locale's name;
 * - text must sort by code point, as SQLite's BINARY does, or keyset cursors and sorted lists would disagree
 *   between the engines: the database's collation must order text as COLLATE "C" does (C.UTF-8 does).
 * Safe before migrating, so that nothing is written to a database that will be refused: pg_trgm is created for the
 * question inside a transaction that is rolled back (CREATE EXTENSION is transactional), when it is not there yet.
 */
export async function assertJapaneseReady(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  let rows: { database: string; encoding: string; ctype: string; collate: string; trigrams: number; codePointOrder: boolean }[];
  try {
    await client.query('BEGIN');
    const installed = await client.query("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'");
    if (installed.rowCount === 0) await client.query('CREATE EXTENSION pg_trgm');
    ({ rows } = await client.query(
      `SELECT current_database() AS database, pg_encoding_to_char(encoding) AS encoding, datctype AS ctype, datcollate AS collate,
              cardinality(show_trgm('経済的威圧')) AS trigrams,
              (SELECT array_agg(x ORDER BY x) = array_agg(x ORDER BY x COLLATE "C")
                 FROM unnest(ARRAY['a', 'B', 'b', 'Z', '_', '1', 'é', 'É', 'ア', 'あ', '経', '済', '～', '〜']) AS x) AS "codePointOrder"
         FROM pg_database WHERE datname = current_database()`,
    ));
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
    client.release();
  }
  const found = rows[0];
  if (!found) throw new Error('could not read this database from pg_database');
  const problems: string[] = [];
  if (found.encoding !== 'UTF8') problems.push(`its encoding is ${found.encoding}, not UTF8`);
  if (!(found.trigrams > 0)) problems.push(`pg_trgm finds no trigrams in Japanese text (LC_CTYPE is '${found.ctype}', not a UTF-8 locale)`);
  if (!found.codePointOrder) problems.push(`its collation '${found.collate}' does not sort text by code point as SQLite does`);
  if (problems.length > 0) {
    throw new Error(
      `database "${found.database}" cannot serve this API: ${problems.join('; ')}. ` +
        `Create the database with: ${CREATE_DATABASE_ADVICE}`,
    );
  }
}

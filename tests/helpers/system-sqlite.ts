import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MIGRATIONS_FOLDER } from '../../src/db/sqlite/client.js';

/**
 * The operating system's sqlite3 CLI, which is older than the SQLite that better-sqlite3 bundles (Debian 12:
 * 3.40; Ubuntu 22.04: 3.37; RHEL 9: 3.34). An operator inspects, backs up or repairs the database with it, so the
 * database file must open there (tests/reliability/portable-database.test.ts, tests/unit/portable-schema.test.ts).
 * Debian's package on purpose, not whatever sqlite3 comes first on PATH: a newer build would prove nothing.
 */
export const SYSTEM_SQLITE = '/usr/bin/sqlite3';

/**
 * Runs `sql` (statements and dot-commands, one per line) in the system CLI on the database at `path`, and returns
 * what it printed. Throws when the CLI is missing (never a skip: the check would silently stop being made), fails,
 * or writes anything to stderr (the CLI reports a schema it cannot parse there, sometimes with status 0).
 */
export function systemSqlite(path: string, sql: string): string {
  const run = spawnSync(SYSTEM_SQLITE, ['-batch', '-bail', path], { input: sql, encoding: 'utf8' });
  if ((run.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') {
    throw new Error(`${SYSTEM_SQLITE} is missing: install Debian's sqlite3 (apt-get install sqlite3; .ci/run does) to check that the database file opens in the system's SQLite`);
  }
  if (run.error) throw run.error;
  if (run.status !== 0 || run.stderr !== '') {
    throw new Error(`${SYSTEM_SQLITE} ${path} failed (status ${run.status}): ${run.stderr.trim()}\nSQL: ${sql}`);
  }
  return run.stdout;
}

/** The system CLI's version, e.g. "3.40.1". */
export function systemSqliteVersion(): string {
  return systemSqlite(':memory:', 'SELECT sqlite_version();').trim();
}

/**
 * A copy of the migrations folder in `dir` holding only the migrations whose tags sort before `tag`, as an older
 * release shipped it: a database migrated with it is one that a later migration has to repair.
 */
export function migrationsBefore(tag: string, dir: string): string {
  const journal = JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string }[] };
  const old = journal.entries.filter((entry) => entry.tag < tag);
  mkdirSync(join(dir, 'meta'), { recursive: true });
  writeFileSync(join(dir, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries: old }));
  for (const entry of old) copyFileSync(join(MIGRATIONS_FOLDER, `${entry.tag}.sql`), join(dir, `${entry.tag}.sql`));
  return dir;
}

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeDatabase, migrateDatabase, MIGRATIONS_FOLDER, openDatabase } from '../../src/db/sqlite/client.js';
import { temporaryDirectory } from '../helpers/reliability.js';
import { NEWER_FEATURES, newerSqliteFeatures } from '../helpers/sqlite-portability.js';
import { systemSqlite } from '../helpers/system-sqlite.js';

/**
 * The rule that keeps the database file portable (see tests/reliability/portable-database.test.ts): nothing in its
 * schema needs SQLite newer than 3.37 (Ubuntu 22.04's; Debian 12 has 3.40), although better-sqlite3 bundles a far
 * newer one that would accept it. Checked on the final schema (a later migration may replace what an earlier one
 * created: 0007 replaced the triggers of 0005, which existing databases keep in their migration history), on every
 * migration from 0007 on (0000–0006 are applied as they are, their hashes recorded), and in the system CLI itself.
 * There is no exception: the full-text indexes, contentless FTS5 tables with contentless_delete (3.43) in 0002, were
 * made again without it in 0008 (tests/reliability/portable-database.test.ts queries them in the CLI).
 */

const removals: (() => void)[] = [];
afterEach(() => removals.splice(0).forEach((remove) => remove()));

/** A migrated (empty) database file, closed, and its schema as sqlite_master holds it. */
function migratedDatabase(): { path: string; schema: { type: string; name: string; sql: string; shadow: boolean }[] } {
  const temp = temporaryDirectory('econsec-schema-');
  removals.push(temp.remove);
  const path = join(temp.dir, 'econsec.db');
  const db = openDatabase(path);
  try {
    migrateDatabase(db);
    const shadows = new Set((db.$client.pragma('table_list') as { name: string; type: string }[]).filter((t) => t.type === 'shadow').map((t) => t.name));
    const rows = db.$client.prepare('SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid').all() as { type: string; name: string; sql: string }[];
    return { path, schema: rows.map((row) => ({ ...row, shadow: shadows.has(row.name) })) };
  } finally {
    closeDatabase(db);
  }
}

describe('the feature scan', () => {
  it('finds each newer feature it lists', () => {
    const newer = [
      "SELECT group_concat(x, ' ' ORDER BY x) FROM t",
      "SELECT format('%d', 1), unhex('41'), json_pretty('{}'), strftime('%G-%V', 'now')",
      "SELECT date('2026-01-01', 'auto'), date('2026-01-31', '+1 month', 'floor')",
      "INSERT INTO t (t, rank) VALUES ('secure-delete', 1)",
      "CREATE VIRTUAL TABLE t USING fts5(doc, locale = 1)",
      'SELECT json_group_array(x ORDER BY y DESC) FROM t',
      "SELECT doc ->> '$.a' FROM t",
      "SELECT unixepoch('now')",
      'SELECT * FROM a RIGHT JOIN b ON a.id = b.id',
      'SELECT * FROM a FULL OUTER JOIN b ON a.id = b.id',
      'SELECT a IS NOT DISTINCT FROM b',
      "SELECT octet_length('x'), timediff('2026-01-01', '2025-01-01')",
      "SELECT concat_ws(' ', a, b)",
      "SELECT string_agg(a, ',')",
      "SELECT datetime('now', 'subsec')",
      "SELECT strftime('%F', 'now')",
      'CREATE VIRTUAL TABLE t USING fts5(doc, content = "", contentless_delete = 1)',
      "CREATE VIRTUAL TABLE t USING fts5(doc, tokenize = 'trigram remove_diacritics 1')",
      'SELECT jsonb_extract(x, 1)',
      'SELECT 1_000_000',
      'SELECT if(a, b)',
      "SELECT unistr('\\u0041')",
    ];
    for (const sql of newer) expect(newerSqliteFeatures(sql), sql).not.toEqual([]);
    const covered = new Set(newer.flatMap(newerSqliteFeatures));
    expect(covered.size).toBe(NEWER_FEATURES.length + 1);
  });

  it('leaves older SQL alone: ordered subqueries, windows, comments, string literals', () => {
    const older = [
      "SELECT group_concat(x, ' ') FROM (SELECT x FROM t WHERE y = NEW.y ORDER BY x)",
      "SELECT coalesce(' ' || (SELECT group_concat(x, ' ') FROM (SELECT x FROM t ORDER BY x)) || ' ', ' ')",
      'SELECT row_number() OVER (PARTITION BY a ORDER BY b) FROM t ORDER BY a',
      'SELECT count(*) FROM t WHERE a IN (SELECT a FROM u ORDER BY a LIMIT 3)',
      "-- group_concat(x, ' ' ORDER BY x) and a -> b in a comment\nSELECT 1;--> statement-breakpoint",
      "SELECT 'a -> b', 'concat(x)' FROM t LEFT JOIN u ON t.id = u.id",
      "CREATE TABLE t (`a` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL, x_1_2 integer)",
      "CREATE VIRTUAL TABLE t USING fts5(doc, tokenize = 'unicode61 remove_diacritics 0', content = '')",
      'CREATE TRIGGER IF NOT EXISTS t AFTER INSERT ON a BEGIN SELECT iif(1, 2, 3), b IS NOT NULL; END',
    ];
    for (const sql of older) expect(newerSqliteFeatures(sql), sql).toEqual([]);
  });
});

describe('the schema needs nothing newer than SQLite 3.37', () => {
  it('in the migrated database (sqlite_master)', () => {
    const { schema } = migratedDatabase();
    expect(schema.length).toBeGreaterThan(50);
    expect(schema.map(({ name }) => name)).toEqual(expect.arrayContaining(['statement_search_trigram', 'statement_search_chars', 'statement_search_words']));
    const found = Object.fromEntries(
      schema.map(({ name, sql }) => [name, newerSqliteFeatures(sql)] as const).filter(([, features]) => features.length > 0),
    );
    expect(found).toEqual({});
  });

  it('in every migration from 0007 on', () => {
    const files = readdirSync(MIGRATIONS_FOLDER).filter((file) => /^\d{4}_.+\.sql$/.test(file) && file >= '0007');
    expect(files).toContain('0007_portable-triggers.sql');
    for (const file of files) expect(newerSqliteFeatures(readFileSync(join(MIGRATIONS_FOLDER, file), 'utf8')), file).toEqual([]);
  });

  it('in the system sqlite3 CLI: it opens the file, prints the schema, and creates every object anew', () => {
    const { path, schema } = migratedDatabase();
    expect(systemSqlite(path, 'PRAGMA integrity_check;')).toBe('ok\n');
    const printed = systemSqlite(path, '.schema');
    for (const { name } of schema) expect(printed, name).toContain(name);
    // Opening parses every trigger; creating each object in an empty database parses every statement in full, the
    // FTS5 tables' options included. Their shadow tables are created with their virtual table.
    const replay = schema.filter((object) => !object.shadow && !object.name.startsWith('sqlite_'));
    expect(replay.filter((object) => /^CREATE VIRTUAL TABLE/i.test(object.sql))).toHaveLength(3);
    systemSqlite(':memory:', replay.map((object) => `${object.sql};`).join('\n'));
  });
});

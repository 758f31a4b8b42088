import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSeedDataset } from '../../seeds/index.js';
import { closeDatabase, migrateDatabase, openDatabase } from '../../src/db/sqlite/client.js';
import { seedDatabase } from '../../src/db/seed.js';
import { temporaryDirectory } from '../helpers/reliability.js';
import { signatureCountMismatches, signatureMismatches } from '../helpers/signatures.js';
import { migrationsBefore, systemSqlite, systemSqliteVersion } from '../helpers/system-sqlite.js';
import { createSeededDatabase } from '../helpers/test-app.js';

/**
 * The database file opens in the operating system's sqlite3 CLI (Debian 12's 3.40 in CI), not only in the newer
 * SQLite that better-sqlite3 bundles: an operator inspects, backs up or repairs it with that CLI, and SQLite parses
 * the whole schema (every trigger) whenever it opens a database. The rule that keeps it so for every migration is
 * checked in tests/unit/portable-schema.test.ts.
 */

const removals: (() => void)[] = [];
afterEach(() => removals.splice(0).forEach((remove) => remove()));

function databasePath(): string {
  const temp = temporaryDirectory('econsec-portable-');
  removals.push(temp.remove);
  return join(temp.dir, 'econsec.db');
}

/** Every statement's signatures, as `id|partner_codes|theme_ids` lines: what the CLI prints for the same query. */
const SIGNATURES_SQL = 'SELECT id, partner_codes, theme_ids FROM statements ORDER BY id;';
function signatureLines(client: Database.Database): string {
  const rows = client.prepare(SIGNATURES_SQL).raw().all() as string[][];
  return rows.map((row) => row.join('|') + '\n').join('');
}

describe('the database file in the system sqlite3 CLI', () => {
  it('opens a migrated and seeded database: integrity ok, the seed counted, the signatures the same', () => {
    const path = databasePath();
    const dataset = loadSeedDataset();
    const db = createSeededDatabase(path);
    const expected = signatureLines(db.$client);
    closeDatabase(db);

    expect(systemSqlite(path, 'PRAGMA integrity_check;')).toBe('ok\n');
    expect(systemSqlite(path, 'SELECT count(*) FROM statements;')).toBe(`${dataset.statements.length}\n`);
    expect(systemSqlite(path, 'SELECT count(*) FROM statement_partners;')).toBe(
      `${dataset.statements.reduce((n, statement) => n + statement.partnerCodes.length, 0)}\n`,
    );
    expect(systemSqlite(path, SIGNATURES_SQL)).toBe(expected);
    // The signatures are the seed's own partners and themes, sorted (computed here, not read back).
    const seedSignature = (codes: string[]) => ` ${[...codes].sort().join(' ')} `;
    expect(expected).toBe(
      [...dataset.statements]
        .sort((a, b) => (a.id < b.id ? -1 : 1))
        .map((s) => `${s.id}|${seedSignature(s.partnerCodes)}|${seedSignature(s.themes.map((theme) => theme.themeId))}\n`)
        .join(''),
    );
  });

  it("runs the signature triggers there: links written by the CLI give the same signatures and counts as the app's", () => {
    const path = databasePath();
    closeDatabase(createSeededDatabase(path));
    const [statementId] = systemSqlite(path, 'SELECT id FROM statements ORDER BY id LIMIT 1;').trim().split('\n');
    // Links inserted in descending order, one deleted, one updated: the signature must come out sorted all the same.
    systemSqlite(
      path,
      `INSERT INTO statement_partners (statement_id, partner_code)
         SELECT '${statementId}', code FROM partners WHERE code NOT IN (SELECT partner_code FROM statement_partners WHERE statement_id = '${statementId}') ORDER BY code DESC LIMIT 5;
       INSERT INTO statement_themes (statement_id, theme_id)
         SELECT '${statementId}', id FROM themes WHERE id NOT IN (SELECT theme_id FROM statement_themes WHERE statement_id = '${statementId}') ORDER BY id DESC LIMIT 3;
       DELETE FROM statement_partners WHERE rowid = (SELECT max(rowid) FROM statement_partners);
       UPDATE statement_themes SET theme_id = (SELECT min(id) FROM themes WHERE id NOT IN (SELECT theme_id FROM statement_themes WHERE statement_id = '${statementId}'))
        WHERE rowid = (SELECT max(rowid) FROM statement_themes);`,
    );
    const signature = systemSqlite(path, `SELECT partner_codes FROM statements WHERE id = '${statementId}';`).trim();
    expect(signature.split(' ').filter(Boolean).length).toBeGreaterThan(2);

    const client = new Database(path, { readonly: true });
    try {
      expect(signatureMismatches(client)).toEqual([]);
      expect(signatureCountMismatches(client)).toEqual([]);
    } finally {
      client.close();
    }
  });

  it('repairs a database migrated before 0007: the CLI could not open it, and can after the migrations run', () => {
    const path = databasePath();
    const oldMigrations = migrationsBefore('0007', join(path, '..', 'old-migrations'));
    const old = openDatabase(path);
    migrateDatabase(old, oldMigrations);
    seedDatabase(old, loadSeedDataset());
    const before = signatureLines(old.$client);
    closeDatabase(old);
    // group_concat(… ORDER BY …) of 0005's triggers: a CLI older than 3.44 (Debian 12's) cannot even open it.
    if (systemSqliteVersion().localeCompare('3.44', undefined, { numeric: true }) < 0) {
      expect(() => systemSqlite(path, 'PRAGMA integrity_check;')).toThrow(/malformed database schema/);
    }

    const upgraded = openDatabase(path);
    migrateDatabase(upgraded);
    expect(signatureLines(upgraded.$client)).toBe(before);
    closeDatabase(upgraded);
    expect(systemSqlite(path, 'PRAGMA integrity_check;')).toBe('ok\n');
    expect(systemSqlite(path, SIGNATURES_SQL)).toBe(before);
  });
});

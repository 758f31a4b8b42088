import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSeedDataset } from '../../seeds/index.js';
import { closeDatabase, migrateDatabase, openDatabase, type AppDatabase } from '../../src/db/sqlite/client.js';
import { seedDatabase } from '../../src/db/seed.js';
import { indexMissingStatements, reindexStatements } from '../../src/db/sqlite/search.js';
import { toCharTokens } from '../../src/modules/search/normalize.js';
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

/**
 * A database file as a release before migration `tag` left it: migrated with that release's migrations, then seeded.
 * Today's seed indexes for search into statement_search_docs.document (0008): before 0008 that column is a stand-in,
 * dropped again after the seed, and the indexes of that release are given the very texts its indexer gave them.
 */
async function oldSeededDatabase(path: string, tag: string): Promise<AppDatabase> {
  const db = openDatabase(path);
  migrateDatabase(db, migrationsBefore(tag, join(path, '..', `migrations-before-${tag}`)));
  const standIn = tag <= '0008';
  if (standIn) db.$client.exec('ALTER TABLE statement_search_docs ADD document text');
  await seedDatabase(db, loadSeedDataset());
  if (standIn) db.$client.exec('ALTER TABLE statement_search_docs DROP COLUMN document');
  return db;
}

/** Every statement's signatures, as `id|partner_codes|theme_ids` lines: what the CLI prints for the same query. */
const SIGNATURES_SQL = 'SELECT id, partner_codes, theme_ids FROM statements ORDER BY id;';
function signatureLines(client: Database.Database): string {
  const rows = client.prepare(SIGNATURES_SQL).raw().all() as string[][];
  return rows.map((row) => row.join('|') + '\n').join('');
}

/**
 * A query on each full-text index, with the statements it must find computed from the stored search documents
 * instead (a substring, or for the words index a whole word: `ai` is inside many words but a word in one statement).
 */
const SEARCHES = [
  { table: 'statement_search_trigram', match: '"公平な競争条件"', finds: (document: string) => document.includes('公平な競争条件') },
  { table: 'statement_search_chars', match: `"${toCharTokens('威圧')}"`, finds: (document: string) => document.includes('威圧') },
  { table: 'statement_search_words', match: '"ai"', finds: (document: string) => /(?<![a-z0-9])ai(?![a-z0-9])/.test(document) },
];

/** A search's statements, best first (bm25, then statement id): what the CLI prints for the same query. */
const searchSql = (table: string, match: string) =>
  `SELECT d.statement_id FROM ${table} f JOIN statement_search_docs d ON d.doc_id = f.rowid WHERE ${table} MATCH '${match}' ORDER BY bm25(${table}), d.statement_id;`;
function searchLines(client: Database.Database, table: string, match: string): string {
  return (client.prepare(searchSql(table, match)).pluck().all() as string[]).map((id) => `${id}\n`).join('');
}

/** For each search, the statements it finds in `client` and those the stored documents say it must find. */
function searchesOf(client: Database.Database): { table: string; match: string; found: string; expected: string[] }[] {
  const docs = client.prepare('SELECT statement_id AS id, document FROM statement_search_docs ORDER BY statement_id').all() as { id: string; document: string }[];
  return SEARCHES.map(({ table, match, finds }) => ({
    table,
    match,
    found: searchLines(client, table, match),
    expected: docs.filter((doc) => finds(doc.document)).map((doc) => doc.id),
  }));
}

/** Runs `check` on a read-only connection to the file at `path`. */
function withClient<T>(path: string, check: (client: Database.Database) => T): T {
  const client = new Database(path, { readonly: true });
  try {
    return check(client);
  } finally {
    client.close();
  }
}

/** Checks that each search finds its statements in `client` and, ranked alike, in the system CLI on `path`. */
function expectSearchesInCli(path: string, client: Database.Database): void {
  const total = client.prepare('SELECT count(*) FROM statements').pluck().get() as number;
  for (const { table, match, found, expected } of searchesOf(client)) {
    // Neither none nor all: the count has to come from the index.
    expect(expected.length, table).toBeGreaterThan(0);
    expect(expected.length, table).toBeLessThan(total);
    expect(found.trim().split('\n').sort(), table).toEqual(expected);
    expect(systemSqlite(path, `SELECT count(*) FROM ${table} WHERE ${table} MATCH '${match}';`), table).toBe(`${expected.length}\n`);
    expect(systemSqlite(path, searchSql(table, match)), table).toBe(found);
  }
}

describe('the database file in the system sqlite3 CLI', () => {
  it('opens a migrated and seeded database: integrity ok, the seed counted, the signatures the same', async () => {
    const path = databasePath();
    const dataset = loadSeedDataset();
    const db = await createSeededDatabase(path);
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
    // The full-text indexes too (contentless FTS5 tables without contentless_delete since migrations/0008).
    withClient(path, (client) => expectSearchesInCli(path, client));
  });

  it("keeps the indexes right when a statement changes: its old entries go (FTS5's 'delete'), in the app and in the CLI", async () => {
    const path = databasePath();
    const db = await createSeededDatabase(path);
    const client = db.$client;
    const before = searchesOf(client);
    // One statement gains the trigram and the word terms in its text; the one that had the trigram term loses it.
    const pick = (where: string) => client.prepare(`SELECT id FROM statements WHERE ${where} ORDER BY id LIMIT 1`).pluck().get() as string;
    const loses = pick("instr(text, '公平な競争条件') > 0");
    const gains = pick("instr(text, '公平な競争条件') = 0 AND instr(text, 'AI') = 0");
    expect(before[0]!.expected).toEqual([loses]);
    client.prepare("UPDATE statements SET text = text || ' 公平な競争条件 AI' WHERE id = ?").run(gains);
    client.prepare("UPDATE statements SET text = replace(text, '公平な競争条件', '条件') WHERE id = ?").run(loses);
    reindexStatements(db, [gains, loses]);
    const after = searchesOf(client);
    expect(after[0]!.found).toBe(`${gains}\n`);
    expect(after[2]!.expected).toEqual([...before[2]!.expected, gains].sort());
    closeDatabase(db);

    withClient(path, (reader) => expectSearchesInCli(path, reader));
    // FTS5's own check of each index's structure, and one entry per document in its statistics.
    for (const { table } of SEARCHES) {
      systemSqlite(path, `INSERT INTO ${table} (${table}) VALUES ('integrity-check');`);
      expect(systemSqlite(path, `SELECT count(*) FROM ${table}_docsize;`), table).toBe(`${loadSeedDataset().statements.length}\n`);
    }
  });

  it("runs the signature triggers there: links written by the CLI give the same signatures and counts as the app's", async () => {
    const path = databasePath();
    closeDatabase(await createSeededDatabase(path));
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

    withClient(path, (client) => {
      expect(signatureMismatches(client)).toEqual([]);
      expect(signatureCountMismatches(client)).toEqual([]);
    });
  });

  it('repairs a database migrated before 0007: the CLI could not open it, and can after the migrations run', async () => {
    const path = databasePath();
    const old = await oldSeededDatabase(path, '0007');
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

  it('rebuilds the full-text indexes of a database migrated before 0008: the same answers, and the CLI can query them', async () => {
    const path = databasePath();
    const old = await oldSeededDatabase(path, '0008');
    const before = SEARCHES.map(({ table, match }) => searchLines(old.$client, table, match));
    closeDatabase(old);
    // contentless_delete (SQLite 3.43): an older CLI opens the file but cannot read these tables.
    if (systemSqliteVersion().localeCompare('3.43', undefined, { numeric: true }) < 0) {
      for (const { table, match } of SEARCHES) expect(() => systemSqlite(path, searchSql(table, match)), table).toThrow(/unrecognized option: "contentless_delete"/);
    }

    const upgraded = openDatabase(path);
    migrateDatabase(upgraded);
    // 0008 empties the search documents, and the start-up step (server and seed) indexes every statement again.
    expect(upgraded.$client.prepare('SELECT count(*) FROM statements WHERE search_doc_id IS NOT NULL').pluck().get()).toBe(0);
    expect(indexMissingStatements(upgraded)).toBe(loadSeedDataset().statements.length);
    expect(SEARCHES.map(({ table, match }) => searchLines(upgraded.$client, table, match))).toEqual(before);
    expect(signatureMismatches(upgraded.$client)).toEqual([]);
    closeDatabase(upgraded);
    expect(systemSqlite(path, 'PRAGMA integrity_check;')).toBe('ok\n');
    withClient(path, (client) => expectSearchesInCli(path, client));
  });
});

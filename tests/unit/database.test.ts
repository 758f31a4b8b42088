import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSeedDataset, SEED_VERSION } from '../../seeds/index.js';
import { closeDatabase, migrateDatabase, MIGRATIONS_FOLDER, openDatabase, type AppDatabase } from '../../src/db/sqlite/client.js';
import { seedDatabase } from '../../src/db/seed.js';
import { seedDatasetSchema } from '../../src/schemas/seed.js';

const dirs: string[] = [];
const opened: AppDatabase[] = [];
function tempDatabase(): { db: AppDatabase; path: string } {
  const dir = mkdtempSync(join(tmpdir(), 'econsec-db-'));
  dirs.push(dir);
  // A nested folder that does not exist yet: openDatabase must create it.
  const path = join(dir, 'nested', 'econsec.db');
  const db = openDatabase(path);
  opened.push(db);
  return { db, path };
}
afterEach(() => {
  opened.splice(0).forEach(closeDatabase);
  dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true }));
});

const count = (db: AppDatabase, table: string) =>
  (db.$client.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;
const tables = (db: AppDatabase) =>
  (
    db.$client
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%' ORDER BY name")
      .all() as { name: string }[]
  ).map((r) => r.name);
const snapshot = (db: AppDatabase) => Object.fromEntries(tables(db).map((t) => [t, count(db, t)]));

describe('migrations', () => {
  it('apply from zero to a new file, with WAL, foreign keys and a busy timeout', () => {
    const { db } = tempDatabase();
    migrateDatabase(db);
    expect(tables(db)).toEqual(
      expect.arrayContaining(['briefings', 'statements', 'statement_highlights', 'statement_theme_evidence', 'partners', 'meetings', 'themes', 'seed_runs']),
    );
    expect(db.$client.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.$client.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.$client.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(db.$client.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('are a no-op the second time', () => {
    const { db } = tempDatabase();
    migrateDatabase(db);
    const before = db.$client.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get();
    migrateDatabase(db);
    expect(db.$client.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get()).toEqual(before);
  });

  it('index the columns the read API filters on', () => {
    const { db } = tempDatabase();
    migrateDatabase(db);
    const plan = (sql: string) =>
      (db.$client.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join(' | ');
    expect(plan("SELECT id FROM statements WHERE deleted_at IS NULL AND date >= '2026-01-01' ORDER BY date, id")).toMatch(/USING (COVERING )?INDEX statements_live_date_idx/);
    expect(plan("SELECT statement_id FROM statement_partners WHERE partner_code = 'FR'")).toMatch(/statement_partners_partner_idx/);
    expect(plan("SELECT statement_id FROM statement_themes WHERE theme_id = 'export-controls'")).toMatch(/statement_themes_theme_idx/);
    expect(plan("SELECT group_code FROM partner_memberships WHERE member_code = 'FR'")).toMatch(/partner_memberships_member_idx/);
    expect(plan("SELECT id FROM statements WHERE updated_at > '2026'")).toMatch(/statements_updated_at_idx/);
  });

  it('upgrade a populated database without losing a row (the statements table is rebuilt in 0003)', () => {
    // A migrations folder holding only the migrations before the rebuild, as an older release shipped it.
    const oldFolder = mkdtempSync(join(tmpdir(), 'econsec-old-migrations-'));
    dirs.push(oldFolder);
    const journal = JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string }[] };
    const old = journal.entries.filter((entry) => entry.tag < '0003');
    mkdirSync(join(oldFolder, 'meta'));
    writeFileSync(join(oldFolder, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries: old }));
    for (const entry of old) copyFileSync(join(MIGRATIONS_FOLDER, `${entry.tag}.sql`), join(oldFolder, `${entry.tag}.sql`));

    const { db } = tempDatabase();
    migrateDatabase(db, oldFolder);
    const run = (sql: string) => db.$client.prepare(sql).run();
    run("INSERT INTO briefings (id, title_ja, title_en, date, issuer_ja, issuer_en, source_file, source_sha256, statements_section_title_ja) VALUES ('b', 't', 't', '2026-06-15', 'i', 'i', 'f', 'x', 's')");
    run("INSERT INTO cited_sources (id, briefing_id, position, role, citation_text) VALUES ('c', 'b', 1, 'statements_source', 'c')");
    run("INSERT INTO meetings (id, kind, name_ja, name_en, start_date, end_date) VALUES ('m', 'summit', 'm', 'm', '2026-01-01', '2026-01-01')");
    run("INSERT INTO partners (code, kind, iso3166_alpha2, name_ja, name_en) VALUES ('FR', 'country', 'FR', 'f', 'f')");
    run("INSERT INTO statements (id, meeting_id, kind, date, title_ja, title_en, text, briefing_id, source_heading_ja, source_line_number, cited_source_id) VALUES ('s', 'm', 'joint_statement', '2026-01-01', 't', 't', '本文', 'b', 'h', 42, 'c')");
    run("INSERT INTO statement_partners (statement_id, partner_code) VALUES ('s', 'FR')");
    run("INSERT INTO statement_highlights (statement_id, position, start_offset, end_offset, text) VALUES ('s', 1, 0, 2, '本文')");
    const before = db.$client.prepare('SELECT id, text, briefing_id, source_line_number, created_at, updated_at FROM statements').all();

    migrateDatabase(db);
    expect(db.$client.prepare('SELECT id, text, briefing_id, source_line_number, created_at, updated_at FROM statements').all()).toEqual(before);
    expect(db.$client.prepare('SELECT source_url, deleted_at FROM statements').get()).toEqual({ source_url: null, deleted_at: null });
    expect(count(db, 'statement_partners')).toBe(1);
    expect(count(db, 'statement_highlights')).toBe(1);
    expect(db.$client.pragma('foreign_key_check')).toEqual([]);
    expect(db.$client.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.$client.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('enforce foreign keys', () => {
    const { db } = tempDatabase();
    migrateDatabase(db);
    expect(() =>
      db.$client.prepare("INSERT INTO statement_partners (statement_id, partner_code) VALUES ('nope', 'XX')").run(),
    ).toThrow(/FOREIGN KEY/);
  });
});

describe('the seed', () => {
  it('fills an empty database and records its version', async () => {
    const { db } = tempDatabase();
    migrateDatabase(db);
    const result = await seedDatabase(db, loadSeedDataset());
    expect(result).toMatchObject({ version: SEED_VERSION, applied: true });
    expect(result.rowsInserted).toBeGreaterThan(200);
    expect(db.$client.prepare('SELECT version, rows_inserted FROM seed_runs').all()).toEqual([
      { version: SEED_VERSION, rows_inserted: result.rowsInserted },
    ]);
    expect(snapshot(db)).toMatchObject({ statements: 7, meetings: 7, partners: 8, themes: 14, statement_highlights: 19 });
  });

  it('is idempotent: twice is once', async () => {
    const { db } = tempDatabase();
    migrateDatabase(db);
    await seedDatabase(db, loadSeedDataset());
    const once = snapshot(db);
    const rows = db.$client.prepare('SELECT * FROM statements ORDER BY id').all();
    expect(await seedDatabase(db, loadSeedDataset())).toMatchObject({ applied: false, rowsInserted: 0 });
    expect(snapshot(db)).toEqual(once);
    expect(db.$client.prepare('SELECT * FROM statements ORDER BY id').all()).toEqual(rows);
  });

  it('never overwrites a row changed after seeding, even for a new seed version', async () => {
    const { db } = tempDatabase();
    migrateDatabase(db);
    await seedDatabase(db, loadSeedDataset());
    const id = 'japan-france-summit-2026-04-joint-statement';
    db.$client.prepare("UPDATE statements SET title_en = 'Edited by an analyst', updated_at = '2099-01-01T00:00:00.000Z' WHERE id = ?").run(id);
    db.$client.prepare("DELETE FROM statement_highlights WHERE statement_id = ? AND position = 2").run(id);

    const next = { ...loadSeedDataset(), version: '2026-06-15.2' };
    const result = await seedDatabase(db, next);
    expect(result.applied).toBe(true);
    expect(db.$client.prepare('SELECT title_en FROM statements WHERE id = ?').get(id)).toEqual({ title_en: 'Edited by an analyst' });
    // A missing row is added back by a new version; nothing else is touched.
    expect(result.rowsInserted).toBe(1);
  });

  it('survives a reopen of the file: data is on disk', async () => {
    const { db, path } = tempDatabase();
    migrateDatabase(db);
    await seedDatabase(db, loadSeedDataset());
    closeDatabase(db);
    const again = openDatabase(path);
    opened.push(again);
    migrateDatabase(again);
    expect((await seedDatabase(again, loadSeedDataset())).applied).toBe(false);
    expect(count(again, 'statements')).toBe(7);
  });
});

describe('the seed schema', () => {
  const valid = () => structuredClone(loadSeedDataset());

  it('accepts the transcribed briefing', () => {
    expect(seedDatasetSchema.safeParse(valid()).success).toBe(true);
  });

  it.each([
    ['a highlight that is not in the text', (d: ReturnType<typeof valid>) => d.statements[0]!.highlights.push('存在しない文')],
    ['highlights out of order', (d: ReturnType<typeof valid>) => d.statements[1]!.highlights.reverse()],
    ['evidence that is not in the text', (d: ReturnType<typeof valid>) => d.statements[0]!.themes[0]!.evidence.push('ない')],
    ['an unknown partner', (d: ReturnType<typeof valid>) => d.statements[0]!.partnerCodes.push('ZZ')],
    ['an unknown theme', (d: ReturnType<typeof valid>) => d.statements[0]!.themes.push({ themeId: 'nope', evidence: ['15.'] })],
    ['a date that does not exist', (d: ReturnType<typeof valid>) => (d.meetings[0]!.startDate = '2026-02-30')],
    ['a statement dated outside its meeting', (d: ReturnType<typeof valid>) => (d.statements[0]!.date = '2026-06-05')],
    ['paragraphs that do not give the text back', (d: ReturnType<typeof valid>) => d.statements[0]!.paragraphs.pop()],
    ['a duplicate statement id', (d: ReturnType<typeof valid>) => d.statements.push(d.statements[0]!)],
    ['a country without an ISO code', (d: ReturnType<typeof valid>) => (d.partners[0]!.iso3166Alpha2 = null)],
    ['an unknown field', (d: ReturnType<typeof valid>) => Object.assign(d.statements[0]!, { extra: 1 })],
  ])('rejects %s', (_name, mutate) => {
    const data = valid();
    mutate(data);
    expect(seedDatasetSchema.safeParse(data).success).toBe(false);
  });
});

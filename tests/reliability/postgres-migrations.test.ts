/**
 * migrations-postgres/ on a real PostgreSQL: they apply to an empty database (and a second run, or a second node
 * migrating at the same time, changes nothing), the statement-level triggers keep the signatures, the count tables
 * and the search documents' liveness in step with what they summarise, the data version moves once per transaction
 * and is announced on LISTEN, and assertJapaneseReady refuses a database on which pg_trgm cannot see Japanese.
 * Everything the triggers keep is checked against a recount made here from the base tables, not by the triggers.
 */
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { and, eq, getTableName, is, sql } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CREATE_DATABASE_ADVICE,
  POSTGRES_MIGRATIONS_FOLDER,
  assertJapaneseReady,
  closePostgres,
  migratePostgres,
  openPostgres,
  type PostgresDatabase,
} from '../../src/db/postgres/client.js';
import * as t from '../../src/db/postgres/schema.js';
import { searchGrams } from '../../src/db/postgres/search-grams.js';
import { normalizeForSearch } from '../../src/modules/search/normalize.js';
import { describePostgres, dropTestDatabase, onServer, postgresServerUrl, uniqueDatabaseName, usePostgresDatabase } from '../helpers/postgres.js';
import { databaseUrl } from '../helpers/postgres-template.js';

const ISO_MILLISECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** An empty database made as production databases must be (CREATE_DATABASE_ADVICE), under another name. */
async function createEmptyDatabase(name: string, locale = 'C.UTF-8'): Promise<string> {
  await onServer(
    CREATE_DATABASE_ADVICE.replace('DATABASE econsec ', `DATABASE ${name} `).replaceAll("'C.UTF-8'", `'${locale}'`),
  );
  return databaseUrl(postgresServerUrl(), name);
}

describePostgres('PostgreSQL migrations', () => {
  it('apply to an empty database; a second run and a concurrent one change nothing', async () => {
    const name = uniqueDatabaseName('econsec_migrate');
    const url = await createEmptyDatabase(name);
    const first = openPostgres({ url, poolMax: 2 });
    const second = openPostgres({ url, poolMax: 2 });
    try {
      // Two nodes starting together: the advisory lock lets one migrate and the other find nothing to do.
      await Promise.all([migratePostgres(first), migratePostgres(second)]);
      const applied = async () =>
        (await first.$client.query<{ hash: string }>('SELECT hash FROM drizzle.__drizzle_migrations ORDER BY id')).rows.map((row) => row.hash);
      const files = readMigrationFiles({ migrationsFolder: POSTGRES_MIGRATIONS_FOLDER }).map((migration) => migration.hash);
      expect(await applied()).toEqual(files);

      const schemaOf = async () =>
        (
          await first.$client.query<{ what: string }>(
            `SELECT 'table ' || table_name || '.' || column_name || ' ' || data_type AS what FROM information_schema.columns WHERE table_schema = 'public'
             UNION ALL SELECT 'index ' || indexname FROM pg_indexes WHERE schemaname = 'public'
             UNION ALL SELECT 'trigger ' || tgname FROM pg_trigger WHERE NOT tgisinternal
             ORDER BY 1`,
          )
        ).rows.map((row) => row.what);
      const before = await schemaOf();
      await migratePostgres(first);
      expect(await applied()).toEqual(files);
      expect(await schemaOf()).toEqual(before);

      // Every table of the schema exists, with every column under its SQL name.
      for (const table of (Object.values(t) as unknown[]).filter((value): value is PgTable => is(value, PgTable))) {
        const name = getTableName(table);
        expect(before.some((line) => line.startsWith(`table ${name}.`)), name).toBe(true);
      }
      expect((await first.select().from(t.dataVersion)).length).toBe(1);
    } finally {
      await closePostgres(first);
      await closePostgres(second);
      await dropTestDatabase(name);
    }
  });

  describe('on a database from the migrated template', () => {
    const database = usePostgresDatabase();
    let db: PostgresDatabase;

    beforeAll(async () => {
      db = openPostgres({ url: database.url, poolMax: 4 });
      await db.insert(t.briefings).values({
        id: 'b1',
        titleJa: '経済安全保障政策',
        titleEn: 'Economic security policy',
        date: '2026-06-15',
        issuerJa: '外務省',
        issuerEn: 'MOFA',
        sourceFile: 'briefing.md',
        sourceSha256: '0'.repeat(64),
        statementsSectionTitleJa: '共同ステートメント',
      });
      await db.insert(t.partners).values(
        ['AU', 'FR', 'JP', 'US'].map((code) => ({ code, kind: 'country' as const, iso3166Alpha2: code, nameJa: code, nameEn: code })),
      );
      await db.insert(t.themes).values(
        ['t-b', 't-a'].map((id) => ({ id, kind: 'topic' as const, labelJa: id, labelEn: id, descriptionJa: id, descriptionEn: id })),
      );
      await db.insert(t.meetings).values(
        ['m1', 'm2'].map((id, i) => ({ id, kind: 'summit' as const, nameJa: id, nameEn: id, startDate: `2025-0${i + 1}-01`, endDate: `2025-0${i + 1}-02` })),
      );
    });

    afterAll(async () => {
      await closePostgres(db);
    });

    /** What the triggers must have kept, recounted from the base tables. */
    async function expectTriggersInStep(): Promise<void> {
      const { rows } = await db.$client.query<{ id: string; partner_codes: string; theme_ids: string; expected_partners: string; expected_themes: string }>(
        `SELECT s.id, s.partner_codes, s.theme_ids,
                coalesce(' ' || (SELECT string_agg(partner_code, ' ' ORDER BY partner_code COLLATE "C") FROM statement_partners WHERE statement_id = s.id) || ' ', ' ') AS expected_partners,
                coalesce(' ' || (SELECT string_agg(theme_id, ' ' ORDER BY theme_id COLLATE "C") FROM statement_themes WHERE statement_id = s.id) || ' ', ' ') AS expected_themes
           FROM statements s`,
      );
      for (const row of rows) {
        expect(row.partner_codes, row.id).toBe(row.expected_partners);
        expect(row.theme_ids, row.id).toBe(row.expected_themes);
      }
      const same = async (kept: string, recount: string) => {
        const [a, b] = await Promise.all([db.$client.query(`${kept} ORDER BY 1, 2, 3`), db.$client.query(`${recount} ORDER BY 1, 2, 3`)]);
        expect(a.rows, kept).toEqual(b.rows);
      };
      const live = 'FROM statements WHERE deleted_at IS NULL';
      await same('SELECT partner_codes, theme_ids, live FROM statement_signature_counts', `SELECT partner_codes, theme_ids, count(*)::int AS live ${live} GROUP BY 1, 2`);
      await same('SELECT month, partner_codes, live FROM statement_month_partner_counts', `SELECT substr(date, 1, 7) AS month, partner_codes, count(*)::int AS live ${live} GROUP BY 1, 2`);
      await same('SELECT month, theme_ids, live FROM statement_month_theme_counts', `SELECT substr(date, 1, 7) AS month, theme_ids, count(*)::int AS live ${live} GROUP BY 1, 2`);
      await same('SELECT meeting_id, live, 0 FROM statement_meeting_counts', `SELECT meeting_id, count(*)::int AS live, 0 ${live} GROUP BY 1`);
      await same(
        'SELECT d.statement_id AS id, d.live, d.date FROM statement_search_docs d',
        'SELECT s.id, s.deleted_at IS NULL AS live, s.date FROM statements s JOIN statement_search_docs d ON d.statement_id = s.id',
      );
      await same(
        'SELECT id, search_doc_id, 0 FROM statements',
        'SELECT s.id, d.doc_id AS search_doc_id, 0 FROM statements s LEFT JOIN statement_search_docs d ON d.statement_id = s.id',
      );
      // A count row that reached 0 is removed, as on SQLite.
      const zeros = await db.$client.query(
        `SELECT live FROM statement_signature_counts WHERE live <= 0 UNION ALL SELECT live FROM statement_month_partner_counts WHERE live <= 0
         UNION ALL SELECT live FROM statement_month_theme_counts WHERE live <= 0 UNION ALL SELECT live FROM statement_meeting_counts WHERE live <= 0`,
      );
      expect(zeros.rows).toEqual([]);
    }

    const statement = (id: string, meetingId: string, date: string, text = `本文 ${id}`) => ({
      id,
      meetingId,
      kind: 'joint_statement' as const,
      date,
      titleJa: id,
      titleEn: id,
      text,
      briefingId: 'b1',
    });

    it('keeps signatures, count tables and search documents in step on insert, update and delete', async () => {
      // Many rows in one statement each, as the seed and imports write.
      await db.insert(t.statements).values([
        statement('s1', 'm1', '2025-01-02', '経済的威圧への対応'),
        statement('s2', 'm1', '2025-01-02'),
        statement('s3', 'm2', '2025-02-02'),
        statement('s4', 'm2', '2025-02-02'),
      ]);
      await db.insert(t.statementPartners).values([
        { statementId: 's1', partnerCode: 'US' },
        { statementId: 's1', partnerCode: 'FR' },
        { statementId: 's1', partnerCode: 'AU' },
        { statementId: 's2', partnerCode: 'JP' },
        { statementId: 's3', partnerCode: 'JP' },
      ]);
      await db.insert(t.statementThemes).values([
        { statementId: 's1', themeId: 't-b' },
        { statementId: 's1', themeId: 't-a' },
        { statementId: 's4', themeId: 't-a' },
      ]);
      await db.insert(t.statementSearchDocs).values(
        ['s1', 's2', 's3'].map((statementId) => {
          const document = normalizeForSearch(`本文 ${statementId}`);
          return { statementId, document, grams: searchGrams(document) };
        }),
      );
      const [s1] = await db.select().from(t.statements).where(eq(t.statements.id, 's1'));
      // Sorted by code point, between spaces, the same strings as SQLite's.
      expect(s1?.partnerCodes).toBe(' AU FR US ');
      expect(s1?.themeIds).toBe(' t-a t-b ');
      expect(s1?.createdAt).toMatch(ISO_MILLISECONDS);
      await expectTriggersInStep();

      // Links changed, a statement moved to another meeting and month, one soft-deleted, one restored.
      await db.delete(t.statementPartners).where(and(eq(t.statementPartners.statementId, 's1'), eq(t.statementPartners.partnerCode, 'FR')));
      await db.update(t.statementPartners).set({ statementId: 's4' }).where(eq(t.statementPartners.statementId, 's3'));
      await db.update(t.statements).set({ meetingId: 'm2', date: '2025-02-03' }).where(eq(t.statements.id, 's2'));
      await db.update(t.statements).set({ deletedAt: '2025-03-01T00:00:00.000Z' }).where(eq(t.statements.id, 's3'));
      await expectTriggersInStep();
      expect((await db.select({ live: t.statementSearchDocs.live }).from(t.statementSearchDocs).where(eq(t.statementSearchDocs.statementId, 's3')))[0]?.live).toBe(false);
      await db.update(t.statements).set({ deletedAt: null }).where(eq(t.statements.id, 's3'));
      // An update of columns no trigger counts (every statement at once) leaves every count as it was.
      await db.update(t.statements).set({ titleEn: sql`title_en || '.'` });
      await expectTriggersInStep();

      // Deleted for good, links first (as the foreign keys ask), in one transaction.
      await db.transaction(async (tx) => {
        await tx.delete(t.statementPartners).where(eq(t.statementPartners.statementId, 's4'));
        await tx.delete(t.statementThemes).where(eq(t.statementThemes.statementId, 's4'));
        await tx.delete(t.statements).where(eq(t.statements.id, 's4'));
      });
      await db.delete(t.statementSearchDocs).where(eq(t.statementSearchDocs.statementId, 's2'));
      await expectTriggersInStep();
      expect(await db.select().from(t.statementMeetingCounts).orderBy(t.statementMeetingCounts.meetingId)).toEqual([
        { meetingId: 'm1', live: 1 },
        { meetingId: 'm2', live: 2 },
      ]);
      // The last live statement of m1 leaves it: its count row goes, and comes back with the statement.
      await db.update(t.statements).set({ meetingId: 'm2' }).where(eq(t.statements.id, 's1'));
      await expectTriggersInStep();
      expect(await db.select().from(t.statementMeetingCounts)).toEqual([{ meetingId: 'm2', live: 3 }]);
      await db.update(t.statements).set({ meetingId: 'm1' }).where(eq(t.statements.id, 's1'));
      await expectTriggersInStep();
    });

    it('finds terms of every length through the search columns, among live documents only', async () => {
      await db.delete(t.statementSearchDocs);
      const texts: Record<string, string> = { s1: '経済的威圧への対応', s2: '威圧的な措置', s3: 'サプライチェーン強靱化' };
      await db.insert(t.statementSearchDocs).values(
        Object.entries(texts).map(([statementId, text]) => {
          const document = normalizeForSearch(text);
          return { statementId, document, grams: searchGrams(document) };
        }),
      );
      await db.update(t.statements).set({ deletedAt: '2025-04-01T00:00:00.000Z' }).where(eq(t.statements.id, 's2'));
      const matching = async (condition: string, term: string) =>
        (await db.$client.query<{ id: string }>(`SELECT statement_id AS id FROM statement_search_docs WHERE live AND ${condition} ORDER BY 1`, [term])).rows.map(
          (row) => row.id,
        );
      expect(await matching(`document LIKE '%' || $1 || '%'`, '経済的威圧')).toEqual(['s1']);
      expect(await matching('grams @> ARRAY[$1]', '威圧')).toEqual(['s1']);
      expect(await matching('grams @> ARRAY[$1]', '威')).toEqual(['s1']);
      expect(await matching('grams @> ARRAY[$1]', '的威')).toEqual(['s1']);
      expect(await matching('grams @> ARRAY[$1]', '済威')).toEqual([]);
      await db.update(t.statements).set({ deletedAt: null }).where(eq(t.statements.id, 's2'));
      expect(await matching('grams @> ARRAY[$1]', '威圧')).toEqual(['s1', 's2']);
    });

    it('keeps JSON as written (key order too) and integers as numbers', async () => {
      const before = { title: 'a', kind: 'joint_statement', partners: ['US', 'FR'], nested: { z: 1, a: 2 } };
      const [revision] = await db
        .insert(t.revisions)
        .values({ resource: 'statement', resourceId: 's1', operation: 'update', via: 'api', before, after: null })
        .returning();
      expect(typeof revision?.id).toBe('number');
      const [read] = await db.select().from(t.revisions).where(eq(t.revisions.id, revision!.id));
      expect(JSON.stringify(read?.before)).toBe(JSON.stringify(before));
      expect(read?.after).toBeNull();
      expect(read?.at).toMatch(ISO_MILLISECONDS);
      // count(*) is int8, which node-postgres gives as a string unless told otherwise (client.ts does, per pool).
      const { rows } = await db.$client.query<{ n: unknown; total: unknown }>('SELECT count(*) AS n, sum(live) AS total FROM statement_meeting_counts');
      expect(typeof rows[0]?.n).toBe('number');
      expect(typeof rows[0]?.total).toBe('number');
    });

    it('moves the data version once per writing transaction and announces it on LISTEN at commit', async () => {
      const listener = new pg.Client({ connectionString: database.url });
      await listener.connect();
      const heard: string[] = [];
      let arrived: (() => void) | undefined;
      listener.on('notification', (message) => {
        if (message.channel === 'econsec_data_version') heard.push(message.payload ?? '');
        arrived?.();
      });
      await listener.query('LISTEN econsec_data_version');
      const nextNotification = () => new Promise<void>((resolve) => (arrived = resolve));
      const version = async () => (await db.select().from(t.dataVersion))[0]!.version;
      try {
        const start = await version();
        let notified = nextNotification();
        // Three statements, three tables, one transaction: one bump, one notification.
        await db.transaction(async (tx) => {
          await tx.update(t.statements).set({ titleJa: 'x' }).where(eq(t.statements.id, 's1'));
          await tx.insert(t.statementThemes).values({ statementId: 's3', themeId: 't-b' });
          await tx.insert(t.revisions).values({ resource: 'statement', resourceId: 's3', operation: 'update', via: 'api' });
          // Not announced before the commit.
          expect(heard).toEqual([]);
        });
        await notified;
        expect(await version()).toBe(start + 1);
        expect(heard).toEqual([String(start + 1)]);

        // A rolled-back transaction neither moves it nor announces anything.
        await expect(
          db.transaction(async (tx) => {
            await tx.update(t.statements).set({ titleJa: 'y' }).where(eq(t.statements.id, 's1'));
            throw new Error('rolled back');
          }),
        ).rejects.toThrow('rolled back');
        // Writes to what no answer depends on (api_keys) do not move it either; the next write does, by one.
        await db.insert(t.apiKeys).values({ id: 'k1', name: 'k1', secretSha256: '0'.repeat(64), scopes: ['read'] });
        notified = nextNotification();
        await db.update(t.meetings).set({ nameEn: 'M1' }).where(eq(t.meetings.id, 'm1'));
        await notified;
        expect(await version()).toBe(start + 2);
        expect(heard).toEqual([String(start + 1), String(start + 2)]);
      } finally {
        await listener.end();
      }
    });

    it('has a data-version trigger on every table a reader can see', async () => {
      const { rows } = await db.$client.query<{ table: string }>(
        `SELECT c.relname AS table FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = 'public' AND c.relkind = 'r'
            AND NOT EXISTS (SELECT 1 FROM pg_trigger g WHERE g.tgrelid = c.oid AND g.tgname = c.relname || '_data_version')
          ORDER BY 1`,
      );
      // Derived from statements (whose own trigger bumps), not read by any answer, or the version itself.
      expect(rows.map((row) => row.table)).toEqual([
        'api_keys',
        'data_version',
        'statement_meeting_counts',
        'statement_month_partner_counts',
        'statement_month_theme_counts',
        'statement_signature_counts',
      ]);
    });
  });

  it('assertJapaneseReady accepts a C.UTF-8 database and refuses one whose LC_CTYPE is C, saying how to make one', async () => {
    const name = uniqueDatabaseName('econsec_ctype');
    const good = await createEmptyDatabase(name);
    const badName = uniqueDatabaseName('econsec_ctype_c');
    const bad = await createEmptyDatabase(badName, 'C');
    const goodDb = openPostgres({ url: good, poolMax: 1 });
    const badDb = openPostgres({ url: bad, poolMax: 1 });
    try {
      // Before migrating (nothing is written to a database about to be refused) and after.
      await assertJapaneseReady(goodDb.$client);
      await expect(assertJapaneseReady(badDb.$client)).rejects.toThrow(
        `Create the database with: CREATE DATABASE econsec ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8' TEMPLATE template0`,
      );
      expect((await badDb.$client.query("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")).rowCount).toBe(0);
      await migratePostgres(goodDb);
      await migratePostgres(badDb);
      await assertJapaneseReady(goodDb.$client);
      await expect(assertJapaneseReady(badDb.$client)).rejects.toThrow(/pg_trgm finds no trigrams in Japanese text \(LC_CTYPE is 'C'/);
      const trigrams = async (db: PostgresDatabase) =>
        (await db.$client.query<{ n: number }>("SELECT cardinality(show_trgm('経済的威圧')) AS n")).rows[0]?.n;
      expect(await trigrams(goodDb)).toBe(6);
      expect(await trigrams(badDb)).toBe(0);
    } finally {
      await closePostgres(goodDb);
      await closePostgres(badDb);
      await dropTestDatabase(name);
      await dropTestDatabase(badName);
    }
  });
});

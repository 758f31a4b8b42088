import { eq, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadSeedDataset } from '../../seeds/index.js';
import { engineOf, type AppDatabase } from '../../src/db/engine.js';
import { closePostgres, openPostgres, type PostgresDatabase } from '../../src/db/postgres/client.js';
import { startPostgresEngine, type PostgresEngine } from '../../src/db/postgres/engine.js';
import * as t from '../../src/db/postgres/schema.js';
import { normalizeForSearch } from '../../src/modules/search/normalize.js';
import { parseSearchQuery, wordPattern, type SearchQuery } from '../../src/modules/search/query-parser.js';
import { searchDocument } from '../../src/modules/search/search-document.js';
import { describePostgres, usePostgresDatabase } from '../helpers/postgres.js';

/**
 * PostgreSQL's engine (src/db/postgres/engine.ts) on a real server, below the routes: its write transactions (as
 * tests/unit/engine-transactions.test.ts checks SQLite's), the data version kept from LISTEN across two nodes, and
 * search, against an oracle computed in JavaScript over the briefing's own statements.
 */

describePostgres('the PostgreSQL engine', () => {
  const database = usePostgresDatabase();
  let db: PostgresDatabase;
  let engine: PostgresEngine;
  /** A second node on the same database. */
  let otherDb: PostgresDatabase;
  let other: PostgresEngine;
  const seed = loadSeedDataset();

  beforeAll(async () => {
    db = openPostgres({ url: database.url, poolMax: 6 });
    engine = await startPostgresEngine(db, { resubscribeDelayMs: 20 });
    otherDb = openPostgres({ url: database.url, poolMax: 2 });
    other = await startPostgresEngine(otherDb, { resubscribeDelayMs: 20 });
    // The briefing's meetings and statements, written as rows (the seed loader is still SQLite's), then indexed.
    const at = '2026-06-15T00:00:00.000Z';
    await db.insert(t.meetings).values(
      seed.meetings.map(({ partnerCodes: _p, ...m }) => ({ ...m, createdAt: at, updatedAt: at })),
    );
    await db.insert(t.statements).values(
      seed.statements.map((s) => ({ id: s.id, meetingId: s.meetingId, kind: s.kind, date: s.date, titleJa: s.titleJa, titleEn: s.titleEn, text: s.text, sourceUrl: 'https://example.org/test', sourceTitle: 'test', createdAt: at, updatedAt: at })),
    );
    await engine.search.indexMissing();
  });
  afterAll(async () => {
    await engine?.close();
    await other?.close();
    if (db) await closePostgres(db);
    if (otherDb) await closePostgres(otherDb);
  });

  const app = () => db as unknown as AppDatabase;
  const titleOf = async (on: AppDatabase, id: string) =>
    (await (on as unknown as PostgresDatabase).select({ title: t.statements.titleEn }).from(t.statements).where(eq(t.statements.id, id)))[0]?.title;
  const retitle = (on: AppDatabase, id: string, titleEn: string) =>
    (on as unknown as PostgresDatabase).update(t.statements).set({ titleEn }).where(eq(t.statements.id, id));
  const first = () => seed.statements[0]!.id;

  it('commits what the work wrote, a throw rolls it back, and a nested transaction is a savepoint', async () => {
    await engine.transaction(async (tx) => retitle(tx, first(), 'one'));
    expect(await titleOf(app(), first())).toBe('one');
    await expect(
      engine.transaction(async (tx) => {
        await retitle(tx, first(), 'two');
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(await titleOf(app(), first())).toBe('one');
    await engine.transaction(async (tx) => {
      await retitle(tx, first(), 'outer');
      await expect(
        engineOf(tx).transaction(async (inner) => {
          await retitle(inner, first(), 'inner');
          throw new Error('inner refused');
        }),
      ).rejects.toThrow('inner refused');
      expect(await titleOf(tx, first())).toBe('outer');
    });
    expect(await titleOf(app(), first())).toBe('outer');
  });

  it('serialises writers across nodes: a read-check-write in each of many concurrent transactions loses no update', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.boolean(), { minLength: 2, maxLength: 8 }), async (nodes) => {
        await engine.transaction(async (tx) => retitle(tx, first(), '0'));
        await Promise.all(
          nodes.map((onOther) =>
            (onOther ? other : engine).transaction(async (tx) => {
              const seen = Number(await titleOf(tx, first()));
              await retitle(tx, first(), String(seen + 1));
            }),
          ),
        );
        expect(await titleOf(app(), first())).toBe(String(nodes.length));
      }),
      { numRuns: 10 },
    );
  });

  it('moves the data version at once on the writing node, and on the other node when the notification arrives', async () => {
    const before = engine.dataVersion();
    const otherBefore = other.dataVersion();
    expect(engine.dataVersion()).toBe(before);
    await engine.transaction(async (tx) => retitle(tx, first(), 'versioned'));
    expect(engine.dataVersion()).not.toBe(before);
    await expect.poll(() => other.dataVersion(), { timeout: 5000, interval: 5 }).not.toBe(otherBefore);
    // A rolled-back transaction announces nothing.
    const settled = other.dataVersion();
    await expect(engine.transaction(async (tx) => { await retitle(tx, first(), 'never'); throw new Error('no'); })).rejects.toThrow('no');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(other.dataVersion()).toBe(settled);
  });

  it('trusts no version while its LISTEN connection is down, and subscribes again', async () => {
    // The listening connections: their last statement read the version after LISTEN.
    await db.execute(sql`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE '%FROM data_version%' AND pid <> pg_backend_pid() AND datname = current_database()`);
    await expect.poll(() => other.dataVersion() !== other.dataVersion(), { timeout: 5000, interval: 5 }).toBe(true);
    await expect.poll(() => other.dataVersion() === other.dataVersion(), { timeout: 5000, interval: 20 }).toBe(true);
    // Subscribed again, it follows writes as before.
    const before = other.dataVersion();
    await engine.transaction(async (tx) => retitle(tx, first(), 'after resubscribing'));
    await expect.poll(() => other.dataVersion(), { timeout: 5000, interval: 5 }).not.toBe(before);
  });

  it('rows and row run SQL on the handle', async () => {
    expect(await engine.rows<{ n: number }>(sql`SELECT count(*) AS n FROM statements`)).toEqual([{ n: seed.statements.length }]);
    expect(await engine.row<{ n: number }>(sql`SELECT 1 AS n WHERE false`)).toBeUndefined();
  });

  describePostgres('search', () => {
    /** What `q` must find, computed from the briefing's texts alone. */
    const meetingsById = new Map(seed.meetings.map((m) => [m.id, m]));
    const documents = new Map(
      seed.statements.map((s) => {
        const meeting = meetingsById.get(s.meetingId)!;
        return [s.id, searchDocument([s.text, s.titleJa, s.titleEn, meeting.nameJa, meeting.nameEn])] as const;
      }),
    );
    const oracle = (query: SearchQuery) =>
      [...documents]
        .filter(([, document]) =>
          query.terms.every((term) => {
            const found = term.mode === 'word' ? wordPattern(term.words).test(document) : document.includes(term.text);
            return term.negated ? !found : found;
          }),
        )
        .map(([id]) => id)
        .sort();
    const found = async (q: string) => {
      const query = parseSearchQuery(q) as SearchQuery;
      const condition = engine.search.condition(query)!;
      return (await engine.rows<{ id: string }>(sql`SELECT id FROM statements WHERE deleted_at IS NULL AND ${condition} ORDER BY id`)).map((r) => r.id);
    };

    it.each(['経済的威圧', '威圧', '経済', '輸出規制 -重要鉱物', '"重要鉱物のサプライチェーン"', 'g7', 'oecd', '懸念 輸出', 'ＡＩ', '%', '_'])(
      'q=%s finds exactly what the texts contain',
      async (q) => {
        const query = parseSearchQuery(q) as SearchQuery;
        expect(await found(q)).toEqual(oracle(query));
      },
    );

    it('finds what any substring of a statement finds (property)', async () => {
      const texts = seed.statements.map((s) => normalizeForSearch(s.text));
      await fc.assert(
        fc.asyncProperty(fc.nat({ max: texts.length - 1 }), fc.nat(), fc.integer({ min: 1, max: 6 }), async (which, start, length) => {
          const text = [...texts[which]!];
          const from = start % Math.max(1, text.length - length);
          const term = text.slice(from, from + length).join('').replace(/["\s-]/g, '');
          if (!term) return;
          const query = parseSearchQuery(term);
          if ('error' in query) return;
          expect(await found(term)).toEqual(oracle(query));
        }),
        { numRuns: 60 },
      );
    });

    it('counts a one-term search from the index, and ranks by relevance with a cursor that pages through every match', async () => {
      const query = parseSearchQuery('経済的威圧') as SearchQuery;
      expect(await engine.search.onlyTotal(query)).toBe(oracle(query).length);
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let guard = 0; guard < 10; guard++) {
        const { page, scores } = await engine.search.relevancePage({ query, otherFilters: sql`statements.deleted_at IS NULL`, filtered: false, limit: 2, cursor, fingerprint: 'f' });
        expect(page.total).toBe(oracle(query).length);
        const values = page.ids.map((id) => scores.get(id)!);
        expect(values).toEqual([...values].sort((a, b) => b - a));
        seen.push(...page.ids);
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
      expect(seen.sort()).toEqual(oracle(query));
    });
  });
});

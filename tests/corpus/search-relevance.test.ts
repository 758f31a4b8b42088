import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { AppDatabase } from '../../src/db/sqlite/client.js';
import { toCharTokens } from '../../src/modules/search/normalize.js';
import { createCorpusApp, type TestContext } from '../helpers/test-app.js';

/**
 * sort=relevance looks for a page among the best-scoring candidates before joining all matches to their
 * statements (src/db/sqlite/search.ts). A recombined corpus has many equal bm25 scores, which is where a
 * cut-off by score could go wrong: pages, totals and order are checked here against a plain oracle query that
 * ranks every match, with deleted statements and other filters in play. No response cache: every request runs.
 */

let ctx: TestContext;
let db: AppDatabase;
let app: App;

beforeAll(async () => {
  ctx = await createCorpusApp(400, 11);
  ({ db, app } = ctx);
}, 60_000);
afterAll(() => ctx.close());

/** Every live statement matching `term` in the given FTS index, best first (bm25, then newest, then id). */
function oracle(table: 'statement_search_trigram' | 'statement_search_chars', match: string, extra = ''): string[] {
  return db.$client
    .prepare(
      `SELECT s.id FROM ${table} f JOIN statement_search_docs d ON d.doc_id = f.rowid JOIN statements s ON s.id = d.statement_id
        WHERE ${table} MATCH ? AND s.deleted_at IS NULL ${extra}
        ORDER BY bm25(${table}) ASC, s.date DESC, s.id DESC`,
    )
    .all(match)
    .map((row) => (row as { id: string }).id);
}

async function walk(query: string, limit: number): Promise<{ ids: string[]; totals: number[] }> {
  const ids: string[] = [];
  const totals: number[] = [];
  let cursor: string | null = null;
  do {
    const res = await app.inject(`/v1/statements?${query}&sort=relevance&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.statusCode).toBe(200);
    const body = res.json() as { data: { id: string }[]; total: number; nextCursor: string | null };
    ids.push(...body.data.map((item) => item.id));
    totals.push(body.total);
    cursor = body.nextCursor;
  } while (cursor);
  return { ids, totals };
}

const trigramCases = [
  ['公平な競争条件', `"公平な競争条件"`],
  ['経済的威圧', `"経済的威圧"`],
] as const;

describe('relevance over a corpus with many equal scores', () => {
  it.each(trigramCases)('%s: every page, in the oracle order, with the oracle total', async (term, match) => {
    const expected = oracle('statement_search_trigram', match);
    expect(expected.length).toBeGreaterThan(30);
    for (const limit of [1, 7, 20, 100]) {
      const { ids, totals } = await walk(`q=${encodeURIComponent(term)}`, limit);
      expect(ids).toEqual(expected);
      expect(new Set(totals)).toEqual(new Set([expected.length]));
    }
  });

  it('short terms (character index) too', async () => {
    const expected = oracle('statement_search_chars', `"${toCharTokens('威圧')}"`);
    const { ids, totals } = await walk(`q=${encodeURIComponent('威圧')}`, 13);
    expect(ids).toEqual(expected);
    expect(totals.every((total) => total === expected.length)).toBe(true);
  });

  it('leaves out deleted statements, from pages and from the total', async () => {
    const before = oracle('statement_search_trigram', '"公平な競争条件"');
    // Delete the best-ranked matches and some further down: the candidates of the first page lose members.
    const doomed = [...before.slice(0, 25), ...before.slice(40, 45)];
    const mark = db.$client.prepare(`UPDATE statements SET deleted_at = '2026-11-26T00:00:00.000Z' WHERE id = ?`);
    const unmark = db.$client.prepare('UPDATE statements SET deleted_at = NULL WHERE id = ?');
    for (const id of doomed) mark.run(id);
    try {
      const expected = oracle('statement_search_trigram', '"公平な競争条件"');
      expect(expected).toEqual(before.filter((id) => !doomed.includes(id)));
      for (const limit of [5, 20]) {
        const { ids, totals } = await walk(`q=${encodeURIComponent('公平な競争条件')}`, limit);
        expect(ids).toEqual(expected);
        expect(totals.every((total) => total === expected.length)).toBe(true);
      }
    } finally {
      for (const id of doomed) unmark.run(id);
    }
  });

  it('with other filters and other terms, agrees with the oracle and with the date-sorted total', async () => {
    const fr = `AND s.id IN (SELECT statement_id FROM statement_partners WHERE partner_code IN ('FR', 'EU', 'G7', 'OECD'))`;
    const expected = oracle('statement_search_trigram', '"公平な競争条件"', fr);
    const { ids, totals } = await walk(`q=${encodeURIComponent('公平な競争条件')}&partner=FR`, 9);
    expect(ids).toEqual(expected);
    expect(totals.every((total) => total === expected.length)).toBe(true);

    // A second term in another index (威圧, characters) and an excluded one: the same set as the date-sorted list.
    const q = encodeURIComponent('公平な競争条件 威圧 -非市場的');
    const byDate = (await app.inject(`/v1/statements?q=${q}&limit=100`)).json() as { total: number; data: { id: string }[] };
    const ranked = await walk(`q=${q}`, 100);
    expect(ranked.totals[0]).toBe(byDate.total);
    expect([...ranked.ids].sort()).toEqual(byDate.data.map((item) => item.id).sort());
  });
});

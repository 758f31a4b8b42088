import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { AppDatabase } from '../../src/db/sqlite/client.js';
import { signatureCountMismatches, signatureMismatches } from '../helpers/signatures.js';
import { createCorpusApp, type TestContext } from '../helpers/test-app.js';

/**
 * Facets and statistics count partners and themes from per-statement signatures expanded to the values they
 * reach (src/modules/stats/counts.ts), and leave out deleted statements in their own way when there are no
 * filters. Checked here on a corpus with deleted statements, against the totals of /v1/statements, which
 * filters with plain IN-subqueries. No response cache: every request runs.
 */

let ctx: TestContext;
let db: AppDatabase;
let app: App;

beforeAll(async () => {
  ctx = await createCorpusApp(300, 5, (corpus) => {
    // The corpus has no statement on rare-earths, the briefing's one child theme: give its parent another child
    // that the corpus does have, so that theme= has descendants to reach.
    corpus.$client.prepare(`UPDATE themes SET parent_id = 'critical-minerals' WHERE id = 'supply-chain-resilience'`).run();
    // Every 17th statement deleted, among them statements of every partner and theme.
    corpus.$client.prepare(`UPDATE statements SET deleted_at = '2026-11-26T00:00:00.000Z' WHERE rowid % 17 = 0`).run();
  });
  ({ db, app } = ctx);
}, 60_000);
afterAll(() => ctx.close());

const ok = async (url: string) => {
  const res = await app.inject(url);
  expect(res.statusCode, url).toBe(200);
  return res.json();
};
const total = async (query: string) => (await ok(`/v1/statements?limit=1&${query}`)).total as number;

describe('aggregates over a corpus with deleted statements', () => {
  it('keeps every signature column in step with the link tables', () => {
    expect(signatureMismatches(db.$client)).toEqual([]);
    expect(signatureCountMismatches(db.$client)).toEqual([]);
  });

  it('filters by partner and theme as the link tables say (groups and descendants included)', async () => {
    const live = (sql: string, ...args: string[]) => (db.$client.prepare(sql).get(...args) as { n: number }).n;
    for (const [query, expected] of [
      ['partner=FR', live(`SELECT count(DISTINCT statement_id) AS n FROM statement_partners WHERE partner_code IN ('FR', 'EU', 'G7', 'OECD') AND statement_id IN (SELECT id FROM statements WHERE deleted_at IS NULL)`)],
      ['partner=FR&partnerMatch=direct', live(`SELECT count(*) AS n FROM statement_partners WHERE partner_code = 'FR' AND statement_id IN (SELECT id FROM statements WHERE deleted_at IS NULL)`)],
      ['partner=AU,CA', live(`SELECT count(DISTINCT statement_id) AS n FROM statement_partners WHERE partner_code IN ('AU', 'CA', 'OECD', 'G7') AND statement_id IN (SELECT id FROM statements WHERE deleted_at IS NULL)`)],
      // theme= reaches the statements tagged with the theme or any of its descendants.
      [
        'theme=critical-minerals&partner=EU&partnerMatch=direct',
        live(`SELECT count(DISTINCT statement_id) AS n FROM statement_themes t JOIN statement_partners p USING (statement_id)
               WHERE t.theme_id IN ('critical-minerals', 'rare-earths', 'supply-chain-resilience') AND p.partner_code = 'EU'
                 AND statement_id IN (SELECT id FROM statements WHERE deleted_at IS NULL)`),
      ],
    ] as const) {
      expect(expected, query).toBeGreaterThan(0);
      expect(await total(query), query).toBe(expected);
    }
    // The facets without filters too (summed from statement_signature_counts).
    const facets = (await ok('/v1/statements?facets=partner&limit=1')).facets.partner as { value: string; count: number }[];
    expect(facets.find((f) => f.value === 'FR')?.count).toBe(
      live(`SELECT count(DISTINCT statement_id) AS n FROM statement_partners WHERE partner_code IN ('FR', 'EU', 'G7', 'OECD') AND statement_id IN (SELECT id FROM statements WHERE deleted_at IS NULL)`),
    );
  });

  it('counts the matches of a one-term search as the search index does, less deleted statements', async () => {
    const oracle = (term: string) =>
      (
        db.$client
          .prepare(
            `SELECT count(*) AS n FROM statements s JOIN statement_search_docs d ON d.statement_id = s.id
              WHERE s.deleted_at IS NULL AND instr(s.text || char(10) || s.title_ja || char(10) || s.title_en, ?) > 0`,
          )
          .get(term) as { n: number }
      ).n;
    for (const term of ['威圧', '経済的威圧', '公平な競争条件']) {
      const expected = oracle(term);
      expect(expected, term).toBeGreaterThan(0);
      expect(await total(`q=${encodeURIComponent(term)}`), term).toBe(expected);
    }
  });

  it('counts the statements of every partner and theme in /v1/partners and /v1/themes as the link tables say', async () => {
    const live = `statement_id IN (SELECT id FROM statements WHERE deleted_at IS NULL)`;
    const n = (sql: string, ...args: string[]) => (db.$client.prepare(sql).get(...args) as { n: number }).n;
    const fr = (await ok('/v1/partners/FR')) as { statementCount: number; directStatementCount: number };
    expect(fr.statementCount).toBe(n(`SELECT count(DISTINCT statement_id) AS n FROM statement_partners WHERE partner_code IN ('FR', 'EU', 'G7', 'OECD') AND ${live}`));
    expect(fr.directStatementCount).toBe(n(`SELECT count(*) AS n FROM statement_partners WHERE partner_code = 'FR' AND ${live}`));
    const themes = (await ok('/v1/themes?limit=100')).data as { id: string; statementCount: number; directStatementCount: number }[];
    const minerals = themes.find((theme) => theme.id === 'critical-minerals');
    expect(minerals?.statementCount).toBe(
      n(`SELECT count(DISTINCT statement_id) AS n FROM statement_themes WHERE theme_id IN ('critical-minerals', 'rare-earths', 'supply-chain-resilience') AND ${live}`),
    );
    expect(minerals?.directStatementCount).toBe(n(`SELECT count(*) AS n FROM statement_themes WHERE theme_id = 'critical-minerals' AND ${live}`));
    expect(minerals!.statementCount).toBeGreaterThan(minerals!.directStatementCount);
  });

  it('has deleted statements to leave out', () => {
    const deleted = db.$client.prepare('SELECT count(*) AS n FROM statements WHERE deleted_at IS NOT NULL').get() as { n: number };
    expect(deleted.n).toBeGreaterThan(10);
  });

  it.each(['', 'partnerMatch=direct', 'q=%E5%A8%81%E5%9C%A7', 'partner=EU', 'theme=export-controls&from=2022-01-01'])(
    'facets with "%s": each partner and theme count equals the total of applying it',
    async (query) => {
      const body = await ok(`/v1/statements?facets=partner,theme&limit=1&${query}`);
      const base = query
        .split('&')
        .filter((pair) => !/^(partner|theme)=/.test(pair))
        .join('&');
      const keep = (facet: string) => query.split('&').filter((pair) => pair.startsWith(`${facet === 'partner' ? 'theme' : 'partner'}=`));
      for (const facet of ['partner', 'theme'] as const) {
        const values = body.facets[facet] as { value: string; count: number }[];
        expect(values.length).toBeGreaterThan(0);
        for (const { value, count } of values) {
          expect(count, `${facet}=${value} with ${query}`).toBe(await total([base, ...keep(facet), `${facet}=${value}`].filter(Boolean).join('&')));
        }
      }
    },
  );

  it('overview agrees with the list', async () => {
    for (const query of ['', 'partner=FR', 'q=%E5%A8%81%E5%9C%A7']) {
      const overview = await ok(`/v1/stats/overview?${query}`);
      expect(overview.statements.total).toBe(await total(query));
      if (query.startsWith('partner=')) continue; // a second partner= below would not narrow the first
      const partners = (await ok('/v1/partners?limit=100')).data as { code: string }[];
      let named = 0;
      for (const { code } of partners) if ((await total(`${query}&partner=${code}&partnerMatch=direct`)) > 0) named += 1;
      expect(overview.statements.partners, `partners with ${query}`).toBe(named);
    }
  });

  it('overview without filters (from the maintained counts) agrees with counting the statements', async () => {
    const overview = (await ok('/v1/stats/overview')).statements;
    const oracle = db.$client
      .prepare(
        `SELECT count(*) AS total, min(date) AS firstDate, max(date) AS lastDate, count(DISTINCT meeting_id) AS meetings,
                (SELECT count(*) FROM statement_highlights h JOIN statements s ON s.id = h.statement_id WHERE s.deleted_at IS NULL) AS highlights
           FROM statements WHERE deleted_at IS NULL`,
      )
      .get() as Record<string, unknown>;
    expect(oracle.highlights).toBeGreaterThan(0);
    expect(overview).toMatchObject(oracle);
    // Made deleted statements' meetings and highlights count: the corpus must have some for this to test anything.
    const deletedAlone = db.$client
      .prepare(`SELECT count(*) AS n FROM statements d WHERE d.deleted_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM statements s WHERE s.meeting_id = d.meeting_id AND s.deleted_at IS NULL)`)
      .get() as { n: number };
    expect(deletedAlone.n).toBeGreaterThan(0);
  });

  it.each([
    ['', null],
    ['', 'partner'],
    ['partner=EU', null],
    ['partner=EU', 'partner'],
    ['partner=FR&partnerMatch=direct', 'partner'],
    ['theme=critical-minerals', null],
    ['theme=critical-minerals', 'theme'],
    ['partner=FR', 'theme'],
  ] as const)('timeline with "%s" grouped by %s: each year and series equals the total of that year', async (query, groupBy) => {
    const body = await ok(`/v1/stats/timeline?interval=year&${query}${groupBy ? `&groupBy=${groupBy}` : ''}`);
    expect(body.periods.length).toBeGreaterThan(3);
    for (const [i, period] of (body.periods as { period: string; start: string; end: string; count: number }[]).entries()) {
      const range = `from=${period.start}&to=${period.end}`;
      expect(period.count, `${query} in ${period.period}`).toBe(await total(`${query}&${range}`));
      for (const series of body.series as { value: string; counts: number[] }[]) {
        // A second partner= or theme= would widen the first (either matches), not narrow it: compared below instead.
        if (groupBy === null || query.startsWith(`${groupBy}=`)) continue;
        if (series.value.length % 3 !== 0) continue; // a sample of the series, each checked in every year
        expect(series.counts[i], `${groupBy}=${series.value} with ${query} in ${period.period}`).toBe(
          await total(`${query}&${range}&${groupBy}=${series.value}`.replace(/^&/, '')),
        );
      }
    }
    // The same timeline counted from the statements: a filter naming every kind selects the same statements, but
    // no maintained count can answer it.
    const counted = await ok(`/v1/stats/timeline?interval=year&${query}${groupBy ? `&groupBy=${groupBy}` : ''}&kind=chair_statement,joint_statement,news_release`);
    expect(body).toEqual(counted);
    if (groupBy) expect(body.series.length).toBeGreaterThan(0);
  });

  it('timeline series sum to the totals of their values', async () => {
    for (const groupBy of ['partner', 'theme']) {
      const body = await ok(`/v1/stats/timeline?interval=year&groupBy=${groupBy}`);
      expect(body.periods.reduce((sum: number, period: { count: number }) => sum + period.count, 0)).toBe(await total(''));
      for (const series of body.series) {
        expect(series.counts.reduce((a: number, b: number) => a + b, 0), `${groupBy}=${series.value}`).toBe(await total(`${groupBy}=${series.value}`));
      }
    }
  });

  it('theme × partner cells equal the totals of both filters', async () => {
    const body = await ok('/v1/stats/themes-by-partner?from=2021-01-01');
    let checkedCells = 0;
    for (const [i, partner] of body.partners.entries()) {
      for (const [j, theme] of body.themes.entries()) {
        if ((i + j) % 4 !== 0) continue;
        expect(body.counts[i][j], `${partner.code} × ${theme.id}`).toBe(await total(`from=2021-01-01&partner=${partner.code}&theme=${theme.id}`));
        checkedCells += 1;
      }
    }
    expect(checkedCells).toBeGreaterThan(20);
  });
});

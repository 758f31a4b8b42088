import { drizzle } from 'drizzle-orm/better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { closeDatabase, type AppDatabase } from '../../src/db/sqlite/client.js';
import { attachEngine } from '../../src/db/engine.js';
import { sqliteEngine } from '../../src/db/sqlite/engine.js';
import * as schema from '../../src/db/sqlite/schema.js';
import { statementFacets } from '../../src/modules/stats/facets.js';
import { themesByPartner } from '../../src/modules/stats/matrix.js';
import { statsOverview } from '../../src/modules/stats/overview.js';
import { statsTimeline } from '../../src/modules/stats/timeline.js';
import { listStatements } from '../../src/modules/statements/queries.js';
import { statementListQuerySchema } from '../../src/modules/statements/schemas.js';
import { createSeededDatabase } from '../helpers/test-app.js';

/**
 * The plans of the queries the hot paths really run (captured from the repositories through drizzle's
 * logger, then EXPLAINed with their parameters): none may scan the statements table or an FTS table whole.
 * At 7 statements any plan is fast; at 100 000 a full scan is what makes a page slow.
 */
const base = await createSeededDatabase();
const captured: { sql: string; params: unknown[] }[] = [];
const db = drizzle(base.$client, { schema, logger: { logQuery: (sql, params) => captured.push({ sql, params }) } }) as unknown as AppDatabase;
// A handle made here, not by openDatabase: it gets SQLite's engine (search, data version) like any other.
attachEngine(db, sqliteEngine(db));
afterAll(() => closeDatabase(base));

async function plansOf(run: () => unknown): Promise<{ sql: string; plan: string }[]> {
  captured.length = 0;
  await run();
  return captured.map(({ sql, params }) => ({
    sql,
    plan: (base.$client.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...(params as never[])) as { detail: string }[]).map((row) => row.detail).join(' | '),
  }));
}

/** A full scan: SCAN of a table without an index, or of an FTS table without a MATCH (idxStr M…). */
function fullScans(plan: string): string[] {
  return plan.split(' | ').filter((step) => {
    if (/^SCAN statements\b(?! USING (COVERING )?INDEX)/.test(step)) return true;
    // FTS5's plan string: M is a MATCH, = a rowid lookup (=M: one row asked about, the dense search's EXISTS).
    if (/^SCAN statement_search_\w+ (EXISTS )?VIRTUAL TABLE/.test(step) && !/INDEX \d+:=?M/.test(step)) return true;
    return false;
  });
}

const query = (q: string) => statementListQuerySchema.parse(Object.fromEntries(new URLSearchParams(q)));

describe.each([
  ['the default page', ''],
  ['a later page', 'sort=date'],
  ['a date range', 'from=2026-04-01&to=2026-05-31'],
  ['a partner (with its groups)', 'partner=FR'],
  ['a theme (with its children)', 'theme=critical-minerals'],
  ['kind and meeting kind', 'kind=joint_statement&meetingKind=summit'],
  ['a long term', 'q=経済的威圧'],
  ['a short term', 'q=威圧'],
  ['a word', 'q=AI'],
  ['a phrase and an exclusion', 'q=%22経済安全保障%22%20-威圧'],
  ['relevance', 'q=経済的威圧&sort=relevance'],
  ['facets', 'facets=partner,theme,kind,meetingKind,year,month&q=威圧'],
])('%s', (_name, qs) => {
  it('scans neither statements nor an FTS table whole', async () => {
    const plans = await plansOf(() => listStatements(db, query(qs), 'ja', 20));
    expect(plans.length).toBeGreaterThan(0);
    for (const { sql, plan } of plans) expect(fullScans(plan), `${sql}\n→ ${plan}`).toEqual([]);
  });
});

describe('statistics', () => {
  it('count without scanning statements whole', async () => {
    const filters = { q: query('q=威圧').q };
    for (const run of [
      () => statsOverview(db, filters),
      () => statsTimeline(db, filters, 'month', 'partner', 'ja'),
      () => themesByPartner(db, filters, 'ja'),
      () => statementFacets(db, filters, ['partner', 'theme'], 'ja'),
    ]) {
      for (const { sql, plan } of await plansOf(run)) expect(fullScans(plan), `${sql}\n→ ${plan}`).toEqual([]);
    }
  });
});

describe('maintained counts', () => {
  it('answer the overview without filters and the timeline by partner or by theme without scanning statements', async () => {
    const runs = [
      () => statsOverview(db, {}),
      () => statsTimeline(db, {}, 'month', null, 'ja'),
      () => statsTimeline(db, {}, 'quarter', 'partner', 'ja'),
      () => statsTimeline(db, { partner: ['FR'] }, 'month', 'partner', 'ja'),
      () => statsTimeline(db, { theme: ['critical-minerals'] }, 'year', 'theme', 'ja'),
    ];
    for (const run of runs) {
      const plans = await plansOf(run);
      expect(plans.some(({ sql }) => /statement_(month_\w+|meeting)_counts/.test(sql))).toBe(true);
      for (const { sql, plan } of plans) expect(plan.split(' | ').filter((step) => /^SCAN (statements|meetings)\b/.test(step)), `${sql}\n→ ${plan}`).toEqual([]);
    }
  });
});

/** Steps that read statements rows (not only index entries): a statement's row holds its whole body. */
function rowReads(plan: string): string[] {
  return plan.split(' | ').filter((step) => /^(SCAN|SEARCH) statements\b/.test(step) && !/COVERING INDEX/.test(step));
}

describe('counting', () => {
  it.each(['', 'partner=FR', 'theme=critical-minerals&from=2026-01-01', 'q=威圧', 'q=経済的威圧&partner=EU&kind=joint_statement'])(
    'with "%s", totals, facets and statistics read index entries only, never statement rows',
    async (qs) => {
      const { facets: _facets, sort: _sort, limit: _limit, cursor: _cursor, lang: _lang, markStart: _ms, markEnd: _me, ...filters } = query(qs);
      const runs = [
        () => statsOverview(db, filters),
        () => statsTimeline(db, filters, 'month', 'theme', 'ja'),
        () => themesByPartner(db, filters, 'ja'),
        () => statementFacets(db, filters, ['partner', 'theme', 'kind', 'meetingKind', 'year'], 'ja'),
      ];
      for (const run of runs) {
        for (const { sql, plan } of await plansOf(run)) expect(rowReads(plan), `${sql}\n→ ${plan}`).toEqual([]);
      }
      // The list's own total too (the page then reads the rows of its 20 statements, and only those).
      const counts = (await plansOf(() => listStatements(db, query(qs), 'ja', 20))).filter(({ sql }) => /^select count\(\*\)/i.test(sql));
      for (const { sql, plan } of counts) expect(rowReads(plan), `${sql}\n→ ${plan}`).toEqual([]);
    },
  );
});

describe('the full-scan detector', () => {
  it('recognises full scans and accepts index searches and FTS matches', () => {
    expect(fullScans('SCAN statements')).toHaveLength(1);
    expect(fullScans('SCAN statement_search_trigram VIRTUAL TABLE INDEX 0:')).toHaveLength(1);
    expect(fullScans('SCAN statement_search_chars EXISTS VIRTUAL TABLE INDEX 0:=M1')).toEqual([]);
    expect(fullScans('SCAN statement_search_chars EXISTS VIRTUAL TABLE INDEX 0:')).toHaveLength(1);
    expect(fullScans('SCAN statements USING COVERING INDEX statements_live_date_idx')).toEqual([]);
    expect(fullScans('SEARCH statements USING INDEX sqlite_autoindex_statements_1 (id=?) | SCAN statement_search_chars VIRTUAL TABLE INDEX 0:M1')).toEqual([]);
    // And the real plan of a query that must scan is caught.
    const plan = (base.$client.prepare("EXPLAIN QUERY PLAN SELECT id FROM statements WHERE text LIKE '%威圧%'").all() as { detail: string }[]).map((r) => r.detail).join(' | ');
    expect(fullScans(plan)).toHaveLength(1);
  });
});

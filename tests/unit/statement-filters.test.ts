import { count, sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { closureFrom, closureOfEvery } from '../../src/db/closure.js';
import * as t from '../../src/db/sqlite/schema.js';
import { statementExportQuerySchema } from '../../src/modules/exports/schemas.js';
import { hasFilters, narrowingFilters, statementFilterRegistry, statementFilterShape, statementWhere, type StatementFilters } from '../../src/modules/statements/filters.js';
import { countedBy, facetFilters, monthCountTable, totalSource } from '../../src/modules/statements/planner.js';
import { planList } from '../../src/modules/statements/list-total.js';
import { statementListQuerySchema } from '../../src/modules/statements/schemas.js';
import { overviewQuerySchema } from '../../src/modules/stats/schemas.js';
import { facetNames } from '../../src/modules/stats/facet-schemas.js';
import { closeTestDatabase, createSeededDatabase, runSql } from '../helpers/test-app.js';

/**
 * The filter registry, the planner that reads it and the closure walks under both. What each fast path counts is
 * proved against the statements in tests/corpus/; here, which path each shape of filters takes.
 */
const db = await createSeededDatabase();
afterAll(() => closeTestDatabase(db));

const filters = (qs: string): StatementFilters => {
  const { sort: _s, limit: _l, cursor: _c, lang: _g, facets: _f, markStart: _ms, markEnd: _me, ...parsed } = statementListQuerySchema.parse(
    Object.fromEntries(new URLSearchParams(qs)),
  );
  return parsed;
};

describe('the closure walks', () => {
  it('go up from a member to every group it belongs to, and down from a group to its members', async () => {
    expect((await closureFrom(db, 'partners', 'up', ['FR'])).sort()).toEqual(['EU', 'FR', 'G7', 'OECD']);
    expect((await closureFrom(db, 'partners', 'down', ['G7'])).sort()).toEqual(['CA', 'EU', 'FR', 'G7', 'JP', 'US']);
    expect((await closureFrom(db, 'partners', 'down', ['G7'], { includeStart: false })).sort()).toEqual(['CA', 'EU', 'FR', 'JP', 'US']);
    expect(await closureFrom(db, 'themes', 'down', ['critical-minerals'])).toEqual(['critical-minerals', 'rare-earths']);
    expect(await closureFrom(db, 'themes', 'up', ['rare-earths'])).toEqual(['rare-earths', 'critical-minerals']);
  });

  it('give every node its reach at once, as walking from each node does', async () => {
    for (const hierarchy of ['partners', 'themes'] as const) {
      for (const direction of ['up', 'down'] as const) {
        for (const [node, reach] of await closureOfEvery(db, hierarchy, direction)) expect(reach).toEqual(await closureFrom(db, hierarchy, direction, [node]));
      }
    }
  });

  it('stop at a cycle, and report the start only when the edges lead back to it', async () => {
    const cyclic = await createSeededDatabase();
    try {
      await runSql(cyclic, sql`UPDATE themes SET parent_id = 'rare-earths' WHERE id = 'critical-minerals'`);
      expect(await closureFrom(cyclic, 'themes', 'up', ['rare-earths'])).toEqual(['rare-earths', 'critical-minerals']);
      expect(await closureFrom(cyclic, 'themes', 'up', ['rare-earths'], { includeStart: false })).toEqual(['critical-minerals', 'rare-earths']);
      expect(await closureFrom(db, 'themes', 'up', ['rare-earths'], { includeStart: false })).toEqual(['critical-minerals']);
    } finally {
      await closeTestDatabase(cyclic);
    }
  });
});

describe('the filter registry', () => {
  it('gives every statement query the same parameters, in its order', () => {
    const names = Object.keys(statementFilterRegistry);
    expect(Object.keys(statementFilterShape)).toEqual(names);
    for (const schema of [statementListQuerySchema, statementExportQuerySchema, overviewQuerySchema]) {
      const shape = schema.shape as Record<string, unknown>;
      for (const name of names) expect(shape[name], name).toBe(statementFilterShape[name as keyof typeof statementFilterShape]);
    }
  });

  it('assigns each facet to the filters it leaves out', () => {
    const owners = Object.fromEntries(
      facetNames.map((facet) => [
        facet,
        Object.entries(statementFilterRegistry)
          .filter(([, definition]) => (definition as { facets?: readonly string[] }).facets?.includes(facet))
          .map(([name]) => name),
      ]),
    );
    expect(owners).toEqual({ partner: ['partner'], theme: ['theme'], kind: ['kind'], meetingKind: ['meetingKind'], year: ['from', 'to'], month: ['from', 'to'] });
    const all = filters('partner=FR&theme=critical-minerals&from=2026-01-01&to=2026-12-31&kind=joint_statement');
    expect(Object.keys(facetFilters(all, 'year'))).toEqual(['partner', 'theme', 'kind']);
    expect(Object.keys(facetFilters(all, 'partner'))).toEqual(['theme', 'kind', 'from', 'to']);
  });

  it('counts partnerMatch alone as no filter', () => {
    expect(hasFilters({})).toBe(false);
    expect(hasFilters(filters('partnerMatch=direct'))).toBe(false);
    expect(narrowingFilters(filters('partner=FR&partnerMatch=direct&q=AI'))).toEqual(['q', 'partner']);
  });

  it('gives the export the list’s rules', () => {
    for (const qs of ['from=2026-05-01&to=2026-04-01', 'sort=-relevance', 'sort=relevance', 'kind=speech', 'from=2026-05-01&to=2026-04-01&sort=-relevance']) {
      const list = statementListQuerySchema.safeParse(Object.fromEntries(new URLSearchParams(qs)));
      const exported = statementExportQuerySchema.safeParse(Object.fromEntries(new URLSearchParams(qs)));
      expect(list.success, qs).toBe(false);
      expect(exported.error?.issues, qs).toEqual(list.error?.issues);
    }
  });
});

describe('the planner', () => {
  it.each([
    ['', 'signatureCounts'],
    ['partnerMatch=direct', 'signatureCounts'],
    ['partner=FR&theme=critical-minerals', 'signatureCounts'],
    ['q=威圧', 'searchIndex'],
    ['q=威圧&partnerMatch=direct', 'searchIndex'],
    ['q=威圧&partner=FR', 'statements'],
    ['from=2026-01-01', 'statements'],
    ['kind=joint_statement&partner=FR', 'statements'],
  ])('counts the total of "%s" from %s', (qs, source) => {
    expect(totalSource(filters(qs))).toBe(source);
  });

  it('counts per month from the table of the link asked for, when no other filter is present', () => {
    expect(monthCountTable({}, 'partner')).toBe('monthPartnerCounts');
    expect(monthCountTable(filters('partner=FR'), 'partner')).toBe('monthPartnerCounts');
    expect(monthCountTable(filters('partner=FR'), 'theme')).toBeNull();
    expect(monthCountTable(filters('theme=critical-minerals'), 'theme')).toBe('monthThemeCounts');
    expect(monthCountTable(filters('theme=critical-minerals&from=2026-01-01'), 'theme')).toBeNull();
    expect(countedBy('signatureCounts', filters('meeting=g7-trade-ministers-meeting-2026'))).toBe(false);
  });

  it('gives the list the totals the statements give, and says when a search is dense', async () => {
    const scanned = async (f: StatementFilters) => (await db.select({ n: count() }).from(t.statements).where(await statementWhere(db, f)))[0]?.n;
    for (const qs of ['', 'partner=FR', 'theme=critical-minerals&partnerMatch=direct&partner=EU', 'q=経済']) {
      const f = filters(qs);
      expect((await planList(db, f)).total, qs).toBe(await scanned(f));
    }
    expect(await planList(db, filters('from=2026-01-01'))).toEqual({ total: undefined, denseSearch: false });
    // 経済 is in nearly every statement of the briefing; a phrase of two terms is not counted by the index.
    expect((await planList(db, filters('q=経済'))).denseSearch).toBe(true);
    expect(await planList(db, filters('q=経済%20威圧'))).toEqual({ total: undefined, denseSearch: false });
  });
});

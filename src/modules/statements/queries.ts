import type { Facets } from '../stats/facet-schemas.js';
import type { Lang } from '../../schemas/query.js';
import type { StatementListItem, StatementListQuery } from './schemas.js';
import { buildSnippet } from '../search/snippet.js';
import { queryFingerprint, runList, type KeysetPage } from '../../db/keyset.js';
import * as t from '../../db/sqlite/schema.js';
import { engineOf, type AppDatabase } from '../../db/engine.js';
import { countFacets } from '../stats/facets.js';
import { statementWhere } from './filters.js';
import { hasFilters } from './planner.js';
import { planList } from './list-total.js';
import { hydrateStatements } from './load.js';
import { statementSortColumns } from './sorts.js';

/**
 * One page of statements: the planner's choice of totals, then the keyset page (or the ranked page of a relevance
 * sort), hydrated, with snippets for a search.
 */
export async function listStatements(
  db: AppDatabase,
  query: StatementListQuery,
  lang: Lang,
  limit: number,
): Promise<{ page: KeysetPage; items: StatementListItem[]; facets?: Facets }> {
  const { markStart = '<mark>', markEnd = '</mark>', facets: facetNames, ...listQuery } = query;
  const { sort: _sort, limit: _limit, cursor: _cursor, lang: _lang, ...filters } = listQuery;
  const facets = facetNames ? await countFacets(db, filters, facetNames, lang) : undefined;
  const search = listQuery.q;
  let page: KeysetPage;
  let items: StatementListItem[];
  let scores: Map<string, number> | undefined;
  if (listQuery.sort === 'relevance' && search) {
    const { sort, limit: _limit, cursor, lang: _lang, ...filters } = listQuery;
    const { q: _q, ...otherFilters } = filters;
    const filtered = hasFilters(otherFilters);
    const ranked = await engineOf(db).search.relevancePage({
      query: search,
      otherFilters: await statementWhere(db, otherFilters),
      filtered,
      limit,
      cursor,
      fingerprint: queryFingerprint({ filters, sort }),
    });
    page = ranked.page;
    scores = ranked.scores;
    items = await hydrateStatements(db, page.ids, lang);
  } else {
    // The planner says where the total comes from (signature counts, the search index or the statements) and
    // whether the search is dense enough to be checked statement by statement. (runList hands `where` and `total`
    // the same filters as these.)
    const plan = await planList(db, filters);
    ({ page, items } = await runList(
      db,
      {
        table: t.statements,
        id: t.statements.id,
        defaultSort: '-date',
        sortColumns: statementSortColumns,
        where: (filters) => statementWhere(db, filters, { denseSearch: plan.denseSearch }),
        total: () => plan.total,
        hydrate: async (ids, l) => hydrateStatements(db, ids, l),
      },
      listQuery,
      lang,
      limit,
    ));
  }
  if (!search) return { page, items, ...(facets ? { facets } : {}) };
  const terms = search.terms.filter((term) => !term.negated);
  return {
    page,
    ...(facets ? { facets } : {}),
    items: items.map((item) => ({
      ...item,
      match: {
        // The body first; failing that, the first label that shows a match.
        snippet:
          [item.text, item.title, item.meeting.name, ...item.themes.map((theme) => theme.label)]
            .map((text) => buildSnippet(text, terms, { markStart, markEnd }))
            .find((snippet) => snippet !== null) ?? null,
        score: scores?.get(item.id) ?? null,
      },
    })),
  };
}

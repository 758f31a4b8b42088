import type { Facets } from '../stats/facet-schemas.js';
import type { Lang } from '../../schemas/query.js';
import type { StatementListItem, StatementListQuery } from './schemas.js';
import { buildSnippet } from '../search/snippet.js';
import type { AppDatabase } from '../../db/sqlite/client.js';
import { queryFingerprint, runList, type KeysetPage } from '../../db/keyset.js';
import * as t from '../../db/sqlite/schema.js';
import { relevancePage, searchOnlyTotal } from '../../db/sqlite/search.js';
import { signatureTotal, statementFacets } from '../stats/aggregates.js';
import { hasFilters, statementWhere, type StatementFilters } from './filters.js';
import { hydrateStatements } from './load.js';
import { statementSortColumns } from './sorts.js';

export function listStatements(
  db: AppDatabase,
  query: StatementListQuery,
  lang: Lang,
  limit: number,
): { page: KeysetPage; items: StatementListItem[]; facets?: Facets } {
  const { markStart = '<mark>', markEnd = '</mark>', facets: facetNames, ...listQuery } = query;
  const { sort: _sort, limit: _limit, cursor: _cursor, lang: _lang, ...filters } = listQuery;
  const facets = facetNames ? statementFacets(db, filters, facetNames, lang) : undefined;
  const search = listQuery.q;
  let page: KeysetPage;
  let items: StatementListItem[];
  let scores: Map<string, number> | undefined;
  if (listQuery.sort === 'relevance' && search) {
    const { sort, limit: _limit, cursor, lang: _lang, ...filters } = listQuery;
    const { q: _q, ...otherFilters } = filters;
    const filtered = hasFilters(otherFilters);
    const ranked = relevancePage(db, search, statementWhere(db, otherFilters), filtered, limit, cursor, queryFingerprint({ filters, sort }));
    page = ranked.page;
    scores = ranked.scores;
    items = hydrateStatements(db, page.ids, lang);
  } else {
    // A search alone is counted from the search index (searchOnlyTotal). Knowing that count first also says how
    // dense its matches are: in a third of the statements or more, the page is found sooner by checking statements
    // newest first against the index one by one than by collecting every match first (100 000 statements, a term
    // in 74 %: 4 ms instead of 42).
    let searchTotal: number | undefined;
    const searchAlone = (filters: StatementFilters) => {
      if (!filters.q || hasFilters({ ...filters, q: undefined })) return undefined;
      searchTotal ??= searchOnlyTotal(db, filters.q);
      return searchTotal;
    };
    ({ page, items } = runList(
      db,
      {
        table: t.statements,
        id: t.statements.id,
        defaultSort: '-date',
        sortColumns: statementSortColumns,
        where: (filters) => {
          const matches = searchAlone(filters);
          const dense = matches !== undefined && matches * 3 >= (signatureTotal(db, {}) ?? Number.POSITIVE_INFINITY);
          return statementWhere(db, filters, { denseSearch: dense });
        },
        // Cheaper ways to the total for two common shapes: a search alone, and partners and themes alone.
        total: (filters) => searchAlone(filters) ?? signatureTotal(db, filters),
        hydrate: (ids, l) => hydrateStatements(db, ids, l),
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

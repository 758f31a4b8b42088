import type { AppDatabase } from '../../db/sqlite/client.js';
import { searchOnlyTotal } from '../../db/sqlite/search.js';
import type { FacetName } from '../stats/facet-schemas.js';
import { signatureTotal } from '../stats/counts.js';
import { narrowingFilters, statementFilter, type CountTable, type StatementFilters } from './filters.js';

/**
 * Where a count of statements comes from. Scanning the statements (through covering indexes) always works; the
 * maintained tables answer some shapes of filters with far fewer rows, and which shapes is read from each filter's
 * `countedBy` in the registry (filters.ts):
 * - statement_signature_counts (live statements per pair of signatures, a few thousand rows): partners and themes;
 * - statement_month_partner_counts / statement_month_theme_counts (per month and signature): partners, or themes;
 * - the search index: a search alone, of one term (its own count of matches).
 * The corpus tests (tests/corpus/) prove each of these equals counting the statements.
 */

/** Whether the filters select anything narrower than every live statement (then the overview reads maintained totals). */
export function hasFilters(filters: StatementFilters): boolean {
  return narrowingFilters(filters).length > 0;
}

/** Whether `table` can count the statements these filters select: every filter that narrows them says so. */
export function countedBy(table: CountTable, filters: StatementFilters): boolean {
  return narrowingFilters(filters).every((name) => statementFilter(name)?.countedBy?.includes(table));
}

export type TotalSource = 'signatureCounts' | 'searchIndex' | 'statements';

/** Where the number of statements these filters select is read from. */
export function totalSource(filters: StatementFilters): TotalSource {
  if (countedBy('signatureCounts', filters)) return 'signatureCounts';
  if (filters.q && countedBy('searchIndex', filters)) return 'searchIndex';
  return 'statements';
}

/** The month counts that can count the statements per month and `link` under these filters, or null. */
export function monthCountTable(filters: StatementFilters, link: 'partner' | 'theme'): 'monthPartnerCounts' | 'monthThemeCounts' | null {
  const table = link === 'partner' ? 'monthPartnerCounts' : 'monthThemeCounts';
  return countedBy(table, filters) ? table : null;
}

/** The filters a facet is counted under: all but those that own it (year and month ignore from/to). */
export function facetFilters(filters: StatementFilters, facet: FacetName): StatementFilters {
  return Object.fromEntries(Object.entries(filters).filter(([name]) => !statementFilter(name)?.facets?.includes(facet))) as StatementFilters;
}

export interface ListPlan {
  /** The total, when a maintained table counted it; undefined to count the rows the WHERE clause selects. */
  total: number | undefined;
  /** Whether the search matches a third of the statements or more (see statementWhere's denseSearch). */
  denseSearch: boolean;
}

/**
 * The list's total and its search strategy. A search alone is counted from the search index; knowing that count
 * first also says how dense its matches are: in a third of the statements or more, the page is found sooner by
 * checking statements newest first against the index one by one than by collecting every match first (100 000
 * statements, a term in 74 %: 4 ms instead of 42).
 */
export function planList(db: AppDatabase, filters: StatementFilters): ListPlan {
  switch (totalSource(filters)) {
    case 'signatureCounts':
      return { total: signatureTotal(db, filters), denseSearch: false };
    case 'searchIndex': {
      const matches = filters.q ? searchOnlyTotal(db, filters.q) : undefined;
      return { total: matches, denseSearch: matches !== undefined && matches * 3 >= signatureTotal(db, {}) };
    }
    case 'statements':
      return { total: undefined, denseSearch: false };
  }
}

import type { FacetName } from '../stats/facet-schemas.js';
import { hasFilters, narrowingFilters, statementFilter, type CountTable, type StatementFilters } from './filters.js';

/**
 * Where a count of statements comes from. Scanning the statements (through covering indexes) always works; the
 * maintained tables answer some shapes of filters with far fewer rows, and which shapes is read from each filter's
 * `countedBy` in the registry (filters.ts):
 * - statement_signature_counts (live statements per pair of signatures, a few thousand rows): partners and themes;
 * - statement_month_partner_counts / statement_month_theme_counts (per month and signature): partners, or themes;
 * - the search index: a search alone, of one term (its own count of matches);
 * - statement_meeting_counts and the other maintained totals: no filter at all (the overview).
 * The corpus tests (tests/corpus/) prove each of these equals counting the statements. The choices are pure: the
 * counting itself is in src/modules/stats/counts.ts and list-total.ts.
 */

/** No filter that narrows (partnerMatch alone does not): the overview reads the maintained totals. */
export { hasFilters };

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

/**
 * Whether a search matching `matches` of `live` statements is dense: in a third of the statements or more, the page is
 * found sooner by checking statements newest first against the index one by one than by collecting every match first
 * (100 000 statements, a term in 74 %: 4 ms instead of 42). Only a search alone has its count known in advance.
 */
export function isDenseSearch(matches: number, live: number): boolean {
  return matches * 3 >= live;
}

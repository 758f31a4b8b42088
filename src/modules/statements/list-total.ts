import { engineOf, type AppDatabase } from '../../db/engine.js';
import { signatureTotal } from '../stats/counts.js';
import type { StatementFilters } from './filters.js';
import { isDenseSearch, totalSource } from './planner.js';

export interface ListPlan {
  /** The total, when a maintained table counted it; undefined to count the rows the WHERE clause selects. */
  total: number | undefined;
  /** Whether the search is dense (see isDenseSearch), which changes how statementWhere matches it. */
  denseSearch: boolean;
}

/** The list's total from the source the planner chose, and so whether its search is dense. */
export async function planList(db: AppDatabase, filters: StatementFilters): Promise<ListPlan> {
  switch (totalSource(filters)) {
    case 'signatureCounts':
      return { total: await signatureTotal(db, filters), denseSearch: false };
    case 'searchIndex': {
      const matches = filters.q ? await engineOf(db).search.onlyTotal(filters.q) : undefined;
      return { total: matches, denseSearch: matches !== undefined && isDenseSearch(matches, await signatureTotal(db, {})) };
    }
    case 'statements':
      return { total: undefined, denseSearch: false };
  }
}

import type { SortColumn } from '../../db/keyset.js';
import * as t from '../../db/sqlite/schema.js';
import type { statementSortKeys } from './schemas.js';

type KeysetSortKey = Exclude<(typeof statementSortKeys)[number], 'relevance'>;

/**
 * The keyset sorts of statements, read by the list's pages and the exports' batches alike, so both order the
 * same way; relevance has its own ranked query (src/db/sqlite/search.ts).
 */
export const statementSortColumns: Record<KeysetSortKey, SortColumn> = {
  date: { column: () => t.statements.date },
  updatedAt: { column: () => t.statements.updatedAt },
  title: { column: (l) => (l === 'en' ? t.statements.titleEn : t.statements.titleJa), labelled: true },
};

import type { SQL } from 'drizzle-orm';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { InvalidQueryError } from '../../errors.js';
import type { Lang } from '../../schemas/query.js';
import type { Statement, statementSortKeys } from '../statements/schemas.js';
import { keysetBatches, sortColumnOf } from '../../db/keyset.js';
import * as t from '../../db/sqlite/schema.js';
import { engineOf, type AppDatabase } from '../../db/engine.js';
import { hasFilters, statementWhere, type StatementFilters } from '../statements/filters.js';
import { hydrateStatements } from '../statements/load.js';
import { statementSortColumns } from '../statements/sorts.js';
import { ChunkPacer, type ChunkOptions } from './export-pacing.js';
import { countInTurns, datasetVersion, provenance, type StatementExportHeader } from './export-header.js';

/**
 * Reads for the bulk exports, in chunks. Ids come in batches, each one keyset query (ORDER BY sort key, id;
 * "after the last row of the previous batch"), and the statements of a batch are hydrated a chunk at a time:
 * no statement or iterator stays open between chunks, the event loop gets a turn after each chunk, and memory
 * holds one batch of ids and one chunk of statements however large the export. The filters are the list's
 * own (`statementWhere`), the sorts too (`statementSortColumns`) and the hydration (`hydrateStatements`), so
 * every filter, sort and field of /v1/statements, present and future, applies to exports as well.
 */

export interface ExportSort {
  key: (typeof statementSortKeys)[number];
  descending: boolean;
}

export interface StatementExportReader {
  /** Counting visits every match: done in slices, with turns between them, like the rows. */
  header: (lang: Lang, signal?: AbortSignal) => Promise<StatementExportHeader>;
  chunks: (sort: ExportSort, lang: Lang, options?: ChunkOptions) => AsyncGenerator<Statement[]>;
}

/** Checks the filters as the list would (unknown codes are a 400 naming the parameter) without reading any statement. */
export async function assertStatementFilters(db: AppDatabase, filters: StatementFilters): Promise<void> {
  await statementWhere(db, filters);
}

/** The statements matching `filters`, read on `db`: first the header (count, provenance), then the chunks. */
export async function statementExportReader(db: AppDatabase, filters: StatementFilters): Promise<StatementExportReader> {
  const where = await statementWhere(db, filters);
  return {
    header: async (lang, signal) => ({
      count: await countInTurns(db, where, signal),
      datasetVersion: await datasetVersion(db),
      provenance: await provenance(db, where, lang),
    }),
    chunks: (sort, lang, options = {}) => statementChunks(db, filters, where, sort, lang, options),
  };
}

/**
 * Ids in the export's order, a batch at a time. A batch costs one keyset query; for a sort without an
 * index on (key, id) (title, updatedAt) that query scans every match, so batches are large (this many ids
 * weigh a few tens of kilobytes) and the statements themselves are hydrated in smaller, paced chunks.
 */
const ID_BATCH = 2000;

/** sort=relevance: the search's own ranked pages (bm25, then newest), followed cursor by cursor. */
async function* relevanceIdBatches(db: AppDatabase, filters: StatementFilters, batch: number): AsyncGenerator<string[]> {
  const { q, ...otherFilters } = filters;
  if (!q) throw new InvalidQueryError([{ in: 'query', name: 'sort', message: 'relevance needs a search: add q' }]);
  const where = await statementWhere(db, otherFilters);
  const filtered = hasFilters(otherFilters);
  let cursor: string | undefined;
  for (;;) {
    const { page } = await engineOf(db).search.relevancePage({ query: q, otherFilters: where, filtered, limit: batch, cursor, fingerprint: 'export' });
    if (page.ids.length > 0) yield page.ids;
    if (!page.nextCursor) return;
    cursor = page.nextCursor;
  }
}

/** The statements of each id batch, hydrated in chunks that fit the turn budget, with a turn between chunks. */
async function* hydrateInTurns(db: AppDatabase, batches: AsyncIterable<string[]>, lang: Lang, options: ChunkOptions): AsyncGenerator<Statement[]> {
  const pacer = new ChunkPacer(options.chunkSize);
  // Reading a batch of ids is a step of its own: the turn after it is spent on other requests first.
  for await (const ids of batches) {
    await nextTurn();
    if (options.signal?.aborted) return;
    for (let i = 0; i < ids.length; ) {
      const started = performance.now();
      const slice = ids.slice(i, i + pacer.size);
      const statements = await hydrateStatements(db, slice, lang);
      pacer.record(slice.length, performance.now() - started);
      i += slice.length;
      if (statements.length > 0) yield statements;
      await nextTurn();
      if (options.signal?.aborted) return;
    }
  }
}

function statementChunks(
  db: AppDatabase,
  filters: StatementFilters,
  where: SQL | undefined,
  sort: ExportSort,
  lang: Lang,
  options: ChunkOptions,
): AsyncGenerator<Statement[]> {
  // A fixed chunk size (tests) applies to the id batches too, so that small exports still take many batches.
  const batch = options.chunkSize ?? ID_BATCH;
  const batches =
    sort.key === 'relevance'
      ? relevanceIdBatches(db, filters, batch)
      : keysetBatches(
          db,
          { table: t.statements, id: t.statements.id, sortColumn: sortColumnOf(statementSortColumns, sort.key).column(lang), descending: sort.descending, where },
          batch,
        );
  return hydrateInTurns(db, batches, lang, options);
}


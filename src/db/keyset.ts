import { createHash } from 'node:crypto';
import { and, asc, count, desc, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { InvalidQueryError } from '../errors.js';
import { parseSort, type Lang } from '../schemas/query.js';
import type { AppDatabase } from './sqlite/client.js';

/**
 * Keyset pagination shared by every list: ORDER BY (sort key, id) in one direction, and a cursor that
 * carries the last row's (sort key, id). Unlike OFFSET its cost does not grow with the page number, and a row
 * inserted or deleted between two requests neither repeats nor skips others.
 *
 * The cursor also carries a fingerprint of the filters and sort it was made for: reused with another query it
 * is rejected instead of silently returning a wrong page. The exports read their id batches from the same
 * order (keysetBatches), without cursors.
 */

export interface KeysetPage {
  ids: string[];
  total: number;
  nextCursor: string | null;
}

export type SortValue = string | number | null;

interface CursorPayload {
  /** the last row's sort values, id last */
  k: SortValue[];
  /** fingerprint of the query */
  f: string;
}

export function queryFingerprint(query: unknown): string {
  return createHash('sha256').update(JSON.stringify(query)).digest('base64url').slice(0, 12);
}

export function encodeCursor(payload: CursorPayload): string {
  return Buffer.from(JSON.stringify(payload)).toString('base64url');
}

function invalidCursor(message: string): InvalidQueryError {
  return new InvalidQueryError([{ in: 'query', name: 'cursor', message }]);
}

/** The sort values and id a cursor carries; `arity` values in all, the last one the id. */
export function decodeCursor(cursor: string, fingerprint: string, arity = 2): SortValue[] {
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor('is not a cursor returned by this endpoint');
  }
  const p = payload as Partial<CursorPayload> | null;
  const key = p?.k;
  const valid =
    p !== null &&
    typeof p.f === 'string' &&
    Array.isArray(key) &&
    key.length === arity &&
    key.every((v) => v === null || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v))) &&
    typeof key[arity - 1] === 'string';
  if (!valid) throw invalidCursor('is not a cursor returned by this endpoint');
  if (p.f !== fingerprint) throw invalidCursor('was made for other filters or another sort: start again without cursor');
  return key as SortValue[];
}

/** A sort key's column; `labelled` keys depend on the language, so a page's cursor is bound to it. */
export interface SortColumn {
  column: (lang: Lang) => SQLiteColumn;
  labelled?: boolean;
}

/** Sort keys → columns: one map per resource, read by its list pages and by its export batches alike. */
export type SortColumns = Record<string, SortColumn>;

/**
 * An order over (sort key, id) in one direction, and where a page or batch resumes after a row of it.
 * Without a sort column the order is by id alone (the dataset export's).
 */
export interface KeysetOrder {
  table: SQLiteTable;
  id: SQLiteColumn;
  sortColumn?: SQLiteColumn | SQL;
  descending: boolean;
  where: SQL | undefined;
}

/** The rows after the row with this (sort key, id), in the order's direction. */
export function afterKey(order: KeysetOrder, [value, lastId]: [SortValue, string]): SQL {
  const { sortColumn, id } = order;
  if (!sortColumn) return order.descending ? sql`${id} < ${lastId}` : sql`${id} > ${lastId}`;
  return order.descending ? sql`(${sortColumn}, ${id}) < (${value}, ${lastId})` : sql`(${sortColumn}, ${id}) > (${value}, ${lastId})`;
}

/** Up to `limit` rows (id and sort key) of the order, after `after` when given. */
async function keysetRows(db: AppDatabase, order: KeysetOrder, after: [SortValue, string] | undefined, limit: number): Promise<{ id: string; key: SortValue }[]> {
  const { table, id, sortColumn, descending, where } = order;
  const direction = descending ? desc : asc;
  return await db
    .select({ id: sql<string>`${id}`, key: sql<SortValue>`${sortColumn ?? id}` })
    .from(table)
    .where(and(where, after ? afterKey(order, after) : undefined))
    .orderBy(...(sortColumn ? [direction(sortColumn), direction(id)] : [direction(id)]))
    .limit(limit);
}

export interface KeysetOptions extends KeysetOrder {
  sortColumn: SQLiteColumn | SQL;
  limit: number;
  cursor: string | undefined;
  fingerprint: string;
  /** The total when the caller can count it more cheaply than `count(*) … WHERE where`. */
  total?: number | undefined;
}

/** One page of a list: the rows after the cursor's, one more to know whether there is a next page, and the total. */
export async function keysetPage(db: AppDatabase, options: KeysetOptions): Promise<KeysetPage> {
  const { table, where, limit, cursor, fingerprint } = options;
  const after = cursor ? (decodeCursor(cursor, fingerprint) as [SortValue, string]) : undefined;
  const rows = await keysetRows(db, options, after, limit + 1);
  const total = options.total ?? (await db.select({ n: count() }).from(table).where(where))[0]?.n ?? 0;
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const last = page.at(-1);
  return {
    ids: page.map((row) => row.id),
    total,
    nextCursor: more && last ? encodeCursor({ k: [last.key, last.id], f: fingerprint }) : null,
  };
}

/**
 * Every id of the order, a batch at a time (the exports): each batch is one keyset query resuming after the
 * previous batch's last row, so nothing stays open between batches. `batch` is asked again before each one,
 * so that a paced reader can change it as it goes.
 */
export async function* keysetBatches(db: AppDatabase, order: KeysetOrder, batchSize: number | (() => number)): AsyncGenerator<string[]> {
  let after: [SortValue, string] | undefined;
  for (;;) {
    const batch = typeof batchSize === 'number' ? batchSize : batchSize();
    const rows = await keysetRows(db, order, after, batch);
    if (rows.length > 0) yield rows.map((row) => row.id);
    const last = rows.at(-1);
    if (rows.length < batch || !last) return;
    after = [last.key, last.id];
  }
}

/** The column a sort key names, or an error: the query schemas admit only the keys of the map. */
export function sortColumnOf(sortColumns: SortColumns, key: string): SortColumn {
  const sortColumn = sortColumns[key];
  if (!sortColumn) throw new Error(`no sort column for ${key}`);
  return sortColumn;
}

export interface ListSpec<Q extends { sort?: string; limit?: number; cursor?: string; lang?: string }, T> {
  table: SQLiteTable;
  id: SQLiteColumn;
  defaultSort: string;
  sortColumns: SortColumns;
  /** May read the database (a filter's codes are checked and expanded), hence a promise. */
  where: (filters: Omit<Q, 'sort' | 'limit' | 'cursor' | 'lang'>) => Promise<SQL | undefined>;
  /** A cheaper way to the total for some filters; undefined to count the rows `where` selects. */
  total?: (filters: Omit<Q, 'sort' | 'limit' | 'cursor' | 'lang'>) => number | undefined;
  hydrate: (ids: string[], lang: Lang) => Promise<T[]>;
}

/** One list request, for any resource: filters → keyset page → hydrated items. */
export async function runList<Q extends { sort?: string; limit?: number; cursor?: string; lang?: string }, T>(
  db: AppDatabase,
  spec: ListSpec<Q, T>,
  query: Q,
  lang: Lang,
  limit: number,
): Promise<{ page: KeysetPage; items: T[] }> {
  const { sort: sortValue, limit: _limit, cursor, lang: _lang, ...filters } = query;
  const sort = parseSort(sortValue, spec.defaultSort);
  const sortColumn = sortColumnOf(spec.sortColumns, sort.key);
  const where = await spec.where(filters);
  const page = await keysetPage(db, {
    table: spec.table,
    id: spec.id,
    sortColumn: sortColumn.column(lang),
    descending: sort.descending,
    where,
    limit,
    cursor,
    fingerprint: queryFingerprint({ filters, sort, lang: sortColumn.labelled ? lang : null }),
    total: spec.total?.(filters),
  });
  return { page, items: await spec.hydrate(page.ids, lang) };
}

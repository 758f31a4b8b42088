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
 * is rejected instead of silently returning a wrong page.
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

export interface KeysetOptions {
  table: SQLiteTable;
  id: SQLiteColumn;
  sortColumn: SQLiteColumn | SQL;
  descending: boolean;
  where: SQL | undefined;
  limit: number;
  cursor: string | undefined;
  fingerprint: string;
  /** The total when the caller can count it more cheaply than `count(*) … WHERE where`. */
  total?: number | undefined;
}

export function keysetPage(db: AppDatabase, options: KeysetOptions): KeysetPage {
  const { table, id, sortColumn, descending, where, limit, cursor, fingerprint } = options;
  let after: SQL | undefined;
  if (cursor) {
    const [value, lastId] = decodeCursor(cursor, fingerprint) as [SortValue, string];
    after = descending
      ? sql`(${sortColumn}, ${id}) < (${value}, ${lastId})`
      : sql`(${sortColumn}, ${id}) > (${value}, ${lastId})`;
  }
  const order = descending ? desc : asc;
  const rows = db
    .select({ id: sql<string>`${id}`, key: sql<SortValue>`${sortColumn}` })
    .from(table)
    .where(and(where, after))
    .orderBy(order(sortColumn), order(id))
    .limit(limit + 1)
    .all();
  const total = options.total ?? db.select({ n: count() }).from(table).where(where).get()?.n ?? 0;
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const last = page.at(-1);
  return {
    ids: page.map((row) => row.id),
    total,
    nextCursor: more && last ? encodeCursor({ k: [last.key, last.id], f: fingerprint }) : null,
  };
}

export interface ListSpec<Q extends { sort?: string; limit?: number; cursor?: string; lang?: string }, T> {
  table: SQLiteTable;
  id: SQLiteColumn;
  defaultSort: string;
  /** Sort keys → column; `labelled` keys depend on the language, so the cursor is bound to it. */
  sortColumns: Record<string, { column: (lang: Lang) => SQLiteColumn; labelled?: boolean }>;
  where: (filters: Omit<Q, 'sort' | 'limit' | 'cursor' | 'lang'>) => SQL | undefined;
  /** A cheaper way to the total for some filters; undefined to count the rows `where` selects. */
  total?: (filters: Omit<Q, 'sort' | 'limit' | 'cursor' | 'lang'>) => number | undefined;
  hydrate: (ids: string[], lang: Lang) => T[];
}

/** One list request, for any resource: filters → keyset page → hydrated items. */
export function runList<Q extends { sort?: string; limit?: number; cursor?: string; lang?: string }, T>(
  db: AppDatabase,
  spec: ListSpec<Q, T>,
  query: Q,
  lang: Lang,
  limit: number,
): { page: KeysetPage; items: T[] } {
  const { sort: sortValue, limit: _limit, cursor, lang: _lang, ...filters } = query;
  const sort = parseSort(sortValue, spec.defaultSort);
  const sortColumn = spec.sortColumns[sort.key];
  if (!sortColumn) throw new Error(`no sort column for ${sort.key}`);
  const page = keysetPage(db, {
    table: spec.table,
    id: spec.id,
    sortColumn: sortColumn.column(lang),
    descending: sort.descending,
    where: spec.where(filters),
    limit,
    cursor,
    fingerprint: queryFingerprint({ filters, sort, lang: sortColumn.labelled ? lang : null }),
    total: spec.total?.(filters),
  });
  return { page, items: spec.hydrate(page.ids, lang) };
}

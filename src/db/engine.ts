import type { SQL, SQLWrapper } from 'drizzle-orm';
import type { SearchQuery } from '../modules/search/query-parser.js';
import type { KeysetPage } from './keyset.js';
import type { AppDatabase } from './sqlite/client.js';

/**
 * The engine seam: everything that one database engine does differently from another, behind one small interface,
 * so that an engine can be added beside src/db/sqlite/ (src/db/postgres/, next) without touching routes, the filter
 * registry or the loaders' projections. docs/architecture.md describes it.
 *
 * What is behind it: write transactions (better-sqlite3's are synchronous, PostgreSQL's asynchronous), the data
 * version that every cached answer is checked against (PRAGMA data_version), the search index and its query syntax
 * (FTS5 MATCH), and connections of their own for long reads (exports). What is not: the tables (drizzle's query
 * builder speaks both dialects) and the count tables' triggers, which live in each engine's migrations.
 *
 * Written for an asynchronous driver: what modules await is a promise; SQLite's implementation stays synchronous
 * inside. Two calls stay synchronous by design: `dataVersion`, read on every request (an engine without a cheap
 * local read keeps it in memory, e.g. PostgreSQL by LISTEN/NOTIFY), and the search index upkeep that runs inside a
 * transaction's work.
 */
export interface Engine {
  readonly dialect: 'sqlite' | 'postgres';
  /**
   * Runs `work` as one write transaction, queued behind other writers (never failing half-way because another
   * writer holds the lock); a throw rolls everything back. Every query of the work goes through `tx`, the handle of
   * the transaction (on SQLite the one connection itself; on PostgreSQL the pooled connection that holds it). A call
   * inside another's work becomes a savepoint of it: its throw undoes only its own writes.
   * The work awaits queries and nothing else (no network, no timers): on SQLite the transaction is then never open
   * across a turn of the event loop, so no other request's read can see its uncommitted rows.
   */
  transaction<T>(work: (tx: AppDatabase) => Promise<T>): Promise<T>;
  /** A value that changes whenever the data may have changed, through this connection or any other. */
  dataVersion(): string;
  /** The rows of a query written as SQL (drizzle's `sql` template), on this handle: for what the query builder cannot say. */
  rows<T>(query: SQL): Promise<T[]>;
  /** The first row of such a query, or undefined. */
  row<T>(query: SQL): Promise<T | undefined>;
  /** The condition that `haystack` (a text column) contains `needle` as it is, case and all. */
  contains(haystack: SQLWrapper, needle: string): SQL;
  /**
   * The number of statements matching `where`, for an export's header: on an engine whose queries hold up the event
   * loop (SQLite), counted in slices with a turn between them, stopping when `signal` aborts.
   */
  countStatements(where: SQL | undefined, signal?: AbortSignal): Promise<number>;
  /**
   * `column` is one of a list of ids bound as one parameter (`ids`, filled by `idListParams`), so that a loader's
   * query is prepared once and runs for lists of any length.
   */
  idList(column: SQLWrapper): SQL;
  idListParams(ids: string[]): Record<string, unknown>;
  /** Prepares `query` once on this handle (`name` names it where the engine names prepared statements); runs it with placeholder values. */
  prepareRows<R>(query: PreparableRows<R>, name: string): (params: Record<string, unknown>) => Promise<R[]>;
  readonly search: SearchIndex;
  /**
   * Reads on one consistent snapshot, on a connection of the read's own where the engine has one (an in-memory
   * SQLite database has not: its reads then share the main connection, chunk by chunk). The connection is released
   * when the read ends, fails or is abandoned (a client that disconnects mid-export).
   */
  readSnapshot<T>(read: (db: AppDatabase) => AsyncIterable<T>): AsyncGenerator<T>;
}

/** Full-text search over statements: one search document per statement (body, titles, meeting, theme labels). */
export interface SearchIndex {
  /** The condition for `q` on statements: every positive term present, no excluded term present. `dense`: most
   * statements match, so checking statement by statement finds a page sooner (never for counting). */
  condition(query: SearchQuery, dense?: boolean): SQL | undefined;
  /** The number of live statements matching a one-term search and no other filter, from the index; else undefined. */
  onlyTotal(query: SearchQuery): Promise<number | undefined>;
  /** A page of statements by relevance (best first, then newest, then id) with a keyset cursor over all three. */
  relevancePage(request: RelevancePageRequest): Promise<{ page: KeysetPage; scores: Map<string, number> }>;
  /** (Re)builds the search documents of these statements; on a transaction's handle, like the writes it follows. */
  reindex(statementIds: string[]): Promise<number>;
  /** Indexes the statements that have none yet (new rows, or a database from before search). */
  indexMissing(): Promise<number>;
}

export interface RelevancePageRequest {
  query: SearchQuery;
  /** Every filter but `q`, as a condition on statements; `filtered`: it does more than hide deleted statements. */
  otherFilters: SQL | undefined;
  filtered: boolean;
  limit: number;
  cursor: string | undefined;
  fingerprint: string;
}

/** A query builder that can be prepared (drizzle's select), as the modules' handle types it. */
export interface PreparableRows<R> {
  prepare(): { all(placeholderValues?: Record<string, unknown>): R[] };
}

const engines = new WeakMap<AppDatabase, Engine>();

/** Registers the engine behind a database handle: done once, by the engine's own open function. */
export function attachEngine(db: AppDatabase, engine: Engine): void {
  engines.set(db, engine);
}

/** The engine behind a database handle. */
export function engineOf(db: AppDatabase): Engine {
  const engine = engines.get(db);
  if (!engine) throw new Error('this database handle was not opened by an engine (src/db/sqlite/client.ts openDatabase)');
  return engine;
}

/** The database handle every module passes around (drizzle over the engine's driver). */
export type { AppDatabase } from './sqlite/client.js';

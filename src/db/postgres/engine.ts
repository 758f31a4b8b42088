import { AsyncLocalStorage } from 'node:async_hooks';
import { and, count, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import type { SearchQuery, SearchTerm } from '../../modules/search/query-parser.js';
import { searchDocument } from '../../modules/search/search-document.js';
import { attachEngine, type AppDatabase, type Engine, type RelevancePageRequest } from '../engine.js';
import { decodeCursor, encodeCursor, type KeysetPage } from '../keyset.js';
import type { PostgresDatabase } from './client.js';
import * as t from './schema.js';
import { searchGrams } from './search-grams.js';

/**
 * PostgreSQL's side of the seam (src/db/engine.ts), on node-postgres pools.
 *
 * The modules above the seam are typed against the SQLite handle (AppDatabase); a PostgreSQL handle has the same
 * query-builder surface (select, insert, update, delete, joins, `sql`), so it is handed to them as one. Everything
 * that differs is here: transactions on a pooled connection, the data version kept in memory from LISTEN, search
 * on pg_trgm and the gram arrays, snapshot reads in REPEATABLE READ.
 */

/** The handle as the modules see it (see above). */
const asApp = (db: unknown) => db as AppDatabase;

export const DATA_VERSION_CHANNEL = 'econsec_data_version';

export interface PostgresEngine extends Engine {
  /** Stops listening; the pools are closed by closePostgres. */
  close(): Promise<void>;
}

/**
 * Opens the engine on `db` (from openPostgres): subscribes to the data version (LISTEN on a connection of its own,
 * to the primary) and reads its current value, then attaches the engine to the handle.
 */
export async function startPostgresEngine(db: PostgresDatabase, options: { resubscribeDelayMs?: number } = {}): Promise<PostgresEngine> {
  const version = new DataVersion(db.$client, options.resubscribeDelayMs ?? 250);
  await version.subscribe();
  const shared: Shared = { primary: db, version, transaction: undefined as unknown as Engine['transaction'] };
  shared.transaction = transactions(shared);
  const engine = boundTo(shared, db);
  attachEngine(asApp(db), engine);
  return engine;
}

/** What every handle of one database shares: its primary, its data version, its write transactions. */
interface Shared {
  primary: PostgresDatabase;
  version: DataVersion;
  transaction: Engine['transaction'];
}

/**
 * The engine as seen from one handle: the primary's pool, a transaction's connection or a snapshot's. Its queries
 * (rows, search upkeep, counts) run on that handle, so that inside a transaction they see, and take part in, its
 * uncommitted writes; transactions and the data version are the database's.
 */
function boundTo(shared: Shared, handle: PostgresDatabase): PostgresEngine {
  return {
    dialect: 'postgres',
    transaction: shared.transaction,
    dataVersion: () => shared.version.current(),
    rows: async <T>(query: SQL) => (await handle.execute(query)).rows as T[],
    row: async <T>(query: SQL) => (await handle.execute(query)).rows[0] as T | undefined,
    contains: (haystack, needle) => sql`strpos(${haystack}, ${needle}) > 0`,
    idList: (column) => sql`${column} = ANY(${sql.placeholder('ids')}::text[])`,
    idListParams: (ids) => ({ ids }),
    prepareRows: <R>(query: unknown, name: string) => {
      const prepared = (query as { prepare(name: string): { execute(params: Record<string, unknown>): Promise<R[]> } }).prepare(name);
      return (params: Record<string, unknown>) => prepared.execute(params);
    },
    // Its queries do not hold up the event loop: one count.
    countStatements: async (where) =>
      Number((await handle.select({ n: count() }).from(t.statements).where(where as never))[0]?.n ?? 0),
    search: {
      condition: searchCondition,
      onlyTotal: async (query) => onlyTotal(handle, query),
      relevancePage: async (request) => relevancePage(handle, request),
      reindex: async (ids) => reindexStatements(handle, ids),
      indexMissing: async () => indexMissing(handle),
    },
    readSnapshot: (read) => readSnapshot(shared, read),
    close: () => shared.version.close(),
  };
}

/** Attaches to `handle` (a transaction's, a savepoint's, a snapshot's) the engine bound to it. */
function withEngine<H>(shared: Shared, handle: H): PostgresDatabase {
  const bound = handle as unknown as PostgresDatabase;
  attachEngine(asApp(bound), boundTo(shared, bound));
  return bound;
}

/**
 * The data version of this node: the counter the triggers bump in every write transaction (migrations-postgres,
 * 0003): the highest of the values the notifications announced and of those this node's own commits took, so that a
 * write's own node moves its version at the commit, and the notification of that same commit, when it comes back,
 * changes nothing (no second invalidation of what was cached in between). While the LISTEN connection is
 * down, no version is trusted: every call returns a new value, so no cached answer is replayed, until the node has
 * subscribed again and read the counter afresh.
 */
class DataVersion {
  private known = 0;
  private listener: pg.PoolClient | undefined;
  private unsubscribed = 0;
  private closed = false;
  private retry: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly pool: pg.Pool,
    private readonly resubscribeDelayMs: number,
  ) {}

  current(): string {
    if (!this.listener) return `unsubscribed:${++this.unsubscribed}`;
    return String(this.known);
  }

  /** A version this node saw: announced by a notification, or taken by one of its own commits. */
  saw(version: number): void {
    if (version > this.known) this.known = version;
  }

  async subscribe(): Promise<void> {
    const client = await this.pool.connect();
    try {
      client.on('notification', (message) => {
        if (message.channel === DATA_VERSION_CHANNEL && message.payload) this.saw(Number(message.payload));
      });
      client.on('error', () => this.lost(client));
      client.on('end', () => this.lost(client));
      await client.query(`LISTEN ${DATA_VERSION_CHANNEL}`);
      // Read after LISTEN: a bump between the two is then either in this read or in a notification to come.
      const { rows } = await client.query<{ version: string | number }>('SELECT version FROM data_version WHERE id = 1');
      // Afresh: a resubscribed node may have missed notifications, but the counter only grows.
      this.known = Math.max(this.known, Number(rows[0]?.version ?? 0));
      this.listener = client;
    } catch (error) {
      client.release(true);
      throw error;
    }
  }

  private lost(client: pg.PoolClient): void {
    if (this.listener !== client) return;
    this.listener = undefined;
    client.release(true);
    this.scheduleResubscribe();
  }

  private scheduleResubscribe(): void {
    if (this.closed || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      this.subscribe().catch(() => this.scheduleResubscribe());
    }, this.resubscribeDelayMs);
    this.retry.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    const client = this.listener;
    this.listener = undefined;
    if (client) {
      await client.query(`UNLISTEN ${DATA_VERSION_CHANNEL}`).catch(() => undefined);
      client.release();
    }
  }
}

/**
 * Write transactions on a pooled connection. The first statement bumps the data version, which locks its one row
 * until the commit: writers queue on it across every node, as SQLite's BEGIN IMMEDIATE makes them queue on one
 * file, so an If-Match check and its write are never separated by another writer (READ COMMITTED alone would let
 * two PATCHes with one ETag both pass). A transaction begun inside another's work is a savepoint of it.
 */
function transactions(shared: Shared): Engine['transaction'] {
  const inside = new AsyncLocalStorage<{ tx: PostgresDatabase }>();
  // This node's writers queue here first, in the order they began (as on SQLite), rather than each holding a pooled
  // connection while it waits for the row lock.
  let queue: Promise<unknown> = Promise.resolve();
  return <T>(work: (tx: AppDatabase) => Promise<T>): Promise<T> => {
    const outer = inside.getStore();
    if (outer) return outer.tx.transaction(async (savepoint) => work(asApp(withEngine(shared, savepoint))));
    const run = async () => {
      let version = 0;
      const result = await shared.primary.transaction(async (tx) => {
        const { rows } = await tx.execute<{ version: number }>(sql`SELECT econsec_touch_data_version() AS version`);
        version = Number(rows[0]?.version ?? 0);
        const handle = withEngine(shared, tx);
        return inside.run({ tx: handle }, () => work(asApp(handle)));
      });
      shared.version.saw(version);
      return result;
    };
    const turn = queue.then(run, run);
    queue = turn.catch(() => undefined);
    return turn;
  };
}

// ---------------------------------------------------------------- search

const docs = t.statementSearchDocs;

/** LIKE's wildcards and its escape character, escaped. */
const likeEscaped = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** PostgreSQL's text cannot hold U+0000, so no document contains it, and a query may not send it. */
const unstorable = (text: string) => text.includes('\u0000');

/** A term of one or two characters is found among the grams; a longer one by LIKE, which the trigram index answers. */
function containsText(text: string): SQL {
  if (unstorable(text)) return sql`false`;
  if ([...text].length <= 2) return sql`${docs.grams} @> ARRAY[${text}]::text[]`;
  return sql`${docs.document} LIKE ${`%${likeEscaped(text)}%`} ESCAPE '\\'`;
}

/** The documents that contain `term`: a substring anywhere, or (for Latin words) the words in order at word boundaries. */
function termCondition(term: SearchTerm): SQL {
  if (term.mode === 'substring') return containsText(term.text);
  // Every word must be in the document (indexed), and then the words in order at word boundaries (checked).
  const pattern = `(^|[^a-z0-9])${term.words.join('[^a-z0-9]+')}([^a-z0-9]|$)`;
  return sql`(${and(...term.words.map(containsText))} AND ${docs.document} ~ ${pattern})`;
}

function docsContaining(term: SearchTerm): SQL {
  return sql`SELECT ${docs.docId} FROM ${docs} WHERE ${docs.live} AND ${termCondition(term)}`;
}

/** The filter for `q` on statements, through statements.search_doc_id, as on SQLite. */
function searchCondition(query: SearchQuery, dense = false): SQL | undefined {
  const docId = sql`statements.search_doc_id`;
  return and(
    ...query.terms.map((term) => {
      if (term.negated) return sql`(${docId} IS NULL OR ${docId} NOT IN (${docsContaining(term)}))`;
      if (!dense) return sql`${docId} IN (${docsContaining(term)})`;
      return sql`EXISTS (SELECT 1 FROM ${docs} WHERE ${docs.docId} = ${docId} AND ${termCondition(term)})`;
    }),
  );
}

/** A one-term search with no other filter: the live documents that match (a live document is a live statement's). */
async function onlyTotal(db: PostgresDatabase, query: SearchQuery): Promise<number | undefined> {
  const [term, ...others] = query.terms;
  if (!term || others.length > 0 || term.negated) return undefined;
  const { rows } = await db.execute<{ n: number }>(sql`SELECT count(*) AS n FROM ${docs} WHERE ${docs.live} AND ${termCondition(term)}`);
  return Number(rows[0]?.n ?? 0);
}

/** (Re)builds the search documents of these statements: the document as on SQLite, and its grams. */
async function reindexStatements(db: PostgresDatabase, statementIds?: string[]): Promise<number> {
  if (statementIds && statementIds.length === 0) return 0;
  const rows = await db
    .select({
      id: t.statements.id,
      text: t.statements.text,
      titleJa: t.statements.titleJa,
      titleEn: t.statements.titleEn,
      meetingJa: t.meetings.nameJa,
      meetingEn: t.meetings.nameEn,
      themes: sql<string | null>`(SELECT string_agg(th.label_ja || E'\\n' || th.label_en, E'\\n' ORDER BY th.id)
                                    FROM statement_themes st JOIN themes th ON th.id = st.theme_id
                                   WHERE st.statement_id = ${t.statements.id})`,
    })
    .from(t.statements)
    .innerJoin(t.meetings, eq(t.meetings.id, t.statements.meetingId))
    .where(statementIds ? inArray(t.statements.id, statementIds) : undefined);
  // One statement per batch of documents (a batch keeps the bound parameters well under PostgreSQL's 65 535).
  for (let i = 0; i < rows.length; i += 1000) {
    const values = rows.slice(i, i + 1000).map((row) => {
      const document = searchDocument([row.text, row.titleJa, row.titleEn, row.meetingJa, row.meetingEn, row.themes]);
      return { statementId: row.id, document, grams: searchGrams(document) };
    });
    await db
      .insert(docs)
      .values(values)
      .onConflictDoUpdate({
        target: docs.statementId,
        set: { document: sql`excluded.document`, grams: sql`excluded.grams`, updatedAt: sql`to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')` },
      });
  }
  return rows.length;
}

async function indexMissing(db: PostgresDatabase): Promise<number> {
  const { rows } = await db.execute<{ id: string }>(sql`SELECT id FROM statements WHERE id NOT IN (SELECT statement_id FROM statement_search_docs)`);
  let indexed = 0;
  for (let i = 0; i < rows.length; i += 5000) indexed += await reindexStatements(db, rows.slice(i, i + 5000).map((row) => row.id));
  return indexed;
}

/** BM25's usual constants, as FTS5 uses them (written into the SQL: as parameters they would be typed as integers). */
const K1 = sql.raw('1.2');
const K1_PLUS_1 = sql.raw('2.2');
const B = sql.raw('0.75');

/**
 * A page by relevance: BM25 over the positive terms' occurrence counts in each matching document (FTS5 scores
 * its index's tokens, so the scores differ from SQLite's; the order of clearly better and worse matches agrees),
 * then newest, then id, with a keyset cursor over the three.
 */
async function relevancePage(db: PostgresDatabase, request: RelevancePageRequest): Promise<{ page: KeysetPage; scores: Map<string, number> }> {
  const { query, otherFilters, limit, cursor, fingerprint } = request;
  const positive = query.terms.filter((term) => !term.negated);
  if (positive.some((term) => unstorable(term.text))) return { page: { ids: [], total: 0, nextCursor: null }, scores: new Map() };
  const conditions = and(otherFilters, searchCondition(query));
  const occurrences = (term: SearchTerm) =>
    sql`((length(d.document) - length(replace(d.document, ${term.text}, ''))) / greatest(length(${term.text}), 1))::float8`;
  const documentsWith = (term: SearchTerm) => sql`(SELECT count(*) FROM ${docs} WHERE ${docs.live} AND ${termCondition(term)})::float8`;
  const idf = (term: SearchTerm) => sql`ln(1 + (n.total - ${documentsWith(term)} + 0.5) / (${documentsWith(term)} + 0.5))`;
  const score = positive.length
    ? sql.join(
        positive.map(
          (term) =>
            sql`${idf(term)} * (${occurrences(term)} * ${K1_PLUS_1}) / (${occurrences(term)} + ${K1} * (1 - ${B} + ${B} * length(d.document) / n.average))`,
        ),
        sql` + `,
      )
    : sql`0`;
  const ranked = sql`SELECT statements.id AS id, statements.date AS date, (${score})::float8 AS score
                       FROM statements JOIN ${docs} d ON d.doc_id = statements.search_doc_id
                      CROSS JOIN (SELECT count(*)::float8 AS total, greatest(avg(length(document)), 1)::float8 AS average
                                    FROM ${docs} WHERE ${docs.live}) n
                      WHERE ${conditions ?? sql`TRUE`}`;
  const { rows } = await db.execute<{ id: string; date: string; score: number; total: number }>(
    sql`SELECT r.*, count(*) OVER () AS total FROM (${ranked}) r ORDER BY r.score DESC, r.date DESC, r.id DESC`,
  );
  const total = Number(rows[0]?.total ?? 0);
  // Every match is ranked (the candidates are not cut down first as on SQLite): the page starts after the cursor's row.
  const remaining = cursor ? rows.filter((row) => isAfter(row, cursor, fingerprint)) : rows;
  const page = remaining.slice(0, limit);
  const last = page.at(-1);
  return {
    page: { ids: page.map((row) => row.id), total, nextCursor: remaining.length > limit && last ? encodeCursor({ k: [last.score, last.date, last.id], f: fingerprint }) : null },
    scores: new Map(page.map((row) => [row.id, Number(row.score)])),
  };
}

function isAfter(row: { id: string; date: string; score: number }, cursor: string, fingerprint: string): boolean {
  const [score, date, id] = decodeCursor(cursor, fingerprint, 3) as [number, string, string];
  if (row.score !== score) return row.score < score;
  if (row.date !== date) return row.date < date;
  return row.id < id;
}

// ---------------------------------------------------------------- snapshot reads

/**
 * `read` on a pooled connection of its own, inside one REPEATABLE READ READ ONLY transaction: one consistent
 * snapshot however long the read takes, released when the read ends, fails or is abandoned.
 */
async function* readSnapshot<T>(shared: Shared, read: (db: AppDatabase) => AsyncIterable<T>): AsyncGenerator<T> {
  const client = await shared.primary.$client.connect();
  let failed = false;
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const snapshot = withEngine(shared, drizzle(client, { schema: t }));
    yield* read(asApp(snapshot));
    await client.query('COMMIT');
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
    client.release(failed);
  }
}

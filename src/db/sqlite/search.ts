import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { toCharTokens } from '../../modules/search/normalize.js';
import { searchDocument } from '../../modules/search/search-document.js';
import type { SearchQuery, SearchTerm } from '../../modules/search/query-parser.js';
import type { AppDatabase } from './client.js';
import { decodeCursor, encodeCursor, type KeysetPage, type SortValue } from '../keyset.js';
import * as t from './schema.js';

/**
 * Full-text search over statements. Each statement has one search document: its body, its titles, its
 * meeting's names and its themes' labels in both languages, normalised (NFKC, case-folded). Three FTS5
 * indexes hold it (migrations/0002_search-fts.sql, made again in 0008_portable-search.sql):
 * - words, for terms of Latin letters and digits (ai, g7, "economic coercion"): whole words, as phrases;
 * - trigram, for other terms of three or more characters: a quoted trigram query is an exact substring match;
 * - character tokens, for one- and two-character terms (威圧, 経済) that trigrams cannot see.
 * Terms never reach FTS5 syntax raw: each is either a quoted string literal (quotes doubled) or a phrase
 * of generated alphanumeric tokens.
 */

type Index = 'words' | 'trigram' | 'chars';

/**
 * Which index answers a term: Latin words the word index; other terms of three characters or more the
 * trigram index; shorter ones, and any with control characters or surrogates, the character index, which
 * is exact for anything.
 */
function indexFor(term: SearchTerm): Index {
  if (term.mode === 'word') return 'words';
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this test looks for
  return [...term.text].length >= 3 && !/[\u0000-\u001f\u007f\ud800-\udfff]/.test(term.text) ? 'trigram' : 'chars';
}

function matchExpression(index: Index, terms: SearchTerm[]): string {
  if (index === 'words') return terms.map((term) => `"${term.words.join(' ')}"`).join(' AND ');
  if (index === 'trigram') return trigramExpression(terms.map((term) => term.text));
  return charExpression(terms.map((term) => term.text));
}

const indexTables = {
  words: sql.raw('statement_search_words'),
  trigram: sql.raw('statement_search_trigram'),
  chars: sql.raw('statement_search_chars'),
};

/** The words document: spaces around every run of Latin letters and digits (g7貿易 → g7 貿易). */
function wordsDocument(document: string): string {
  return document.replace(/[a-z0-9]+/g, ' $& ');
}

function trigramExpression(terms: string[]): string {
  return terms.map((term) => `"${term.replaceAll('"', '""')}"`).join(' AND ');
}

function charExpression(terms: string[]): string {
  return terms.map((term) => `"${toCharTokens(term)}"`).join(' AND ');
}

/** Doc ids whose document contains the term, as a subquery. */
function docsContaining(term: SearchTerm): SQL {
  const index = indexFor(term);
  const table = indexTables[index];
  return sql`SELECT rowid FROM ${table} WHERE ${table} MATCH ${matchExpression(index, [term])}`;
}

/**
 * The filter for `q`: every positive term present, no excluded term present. Matched on statements.search_doc_id
 * (kept by a trigger, held by the covering indexes): a check against a set of integers, not a join. `dense`: the
 * positive terms match so many statements that asking the index about each statement (EXISTS) finds a page of
 * them sooner than collecting every match first; never for counting.
 */
export function searchCondition(query: SearchQuery, dense = false): SQL | undefined {
  const docId = t.statements.searchDocId;
  return and(
    ...query.terms.map((term) => {
      if (term.negated) return sql`(${docId} IS NULL OR ${docId} NOT IN (${docsContaining(term)}))`;
      if (!dense) return sql`${docId} IN (${docsContaining(term)})`;
      const index = indexFor(term);
      const table = indexTables[index];
      return sql`EXISTS (SELECT 1 FROM ${table} WHERE ${table}.rowid = ${docId} AND ${table} MATCH ${matchExpression(index, [term])})`;
    }),
  );
}

/**
 * The number of live statements matching a search that has one term and no other filter: the index's own count
 * of matches, less the deleted statements among them (few). Counting index entries instead of checking every
 * statement against the set of matches: at 100 000 statements and a term in 74 % of them, 10 ms instead of 60.
 * Undefined for other searches.
 */
export function searchOnlyTotal(db: AppDatabase, query: SearchQuery): number | undefined {
  const [term, ...others] = query.terms;
  if (!term || others.length > 0 || term.negated) return undefined;
  const matches = docsContaining(term);
  return (
    db.get<{ n: number }>(
      sql`SELECT (SELECT count(*) FROM (${matches})) -
                 (SELECT count(*) FROM ${t.statements} WHERE ${t.statements.deletedAt} IS NOT NULL AND ${t.statements.searchDocId} IN (${matches})) AS n`,
    )?.n ?? 0
  );
}

/**
 * The three indexes with the text each is given for a document. The tables are contentless without
 * contentless_delete (migrations/0008, readable by SQLite 3.37): an entry is removed with FTS5's 'delete' command,
 * which takes the exact text it was indexed with, so every index's text is derived from the one stored document by
 * these same functions. Anything else would corrupt the index silently.
 */
const indexedTexts: { table: string; text: (document: string) => string }[] = [
  { table: 'statement_search_words', text: wordsDocument },
  { table: 'statement_search_trigram', text: (document) => document },
  { table: 'statement_search_chars', text: toCharTokens },
];

/** (Re)builds the search documents of these statements, or of all statements when no ids are given. */
export function reindexStatements(db: AppDatabase, statementIds?: string[]): number {
  if (statementIds && statementIds.length === 0) return 0;
  const rows = db
    .select({
      id: t.statements.id,
      text: t.statements.text,
      titleJa: t.statements.titleJa,
      titleEn: t.statements.titleEn,
      meetingJa: t.meetings.nameJa,
      meetingEn: t.meetings.nameEn,
      themes: sql<string | null>`(SELECT group_concat(th.label_ja || char(10) || th.label_en, char(10))
                                    FROM statement_themes st JOIN themes th ON th.id = st.theme_id
                                   WHERE st.statement_id = ${t.statements.id})`,
    })
    .from(t.statements)
    .innerJoin(t.meetings, eq(t.meetings.id, t.statements.meetingId))
    .where(statementIds ? inArray(t.statements.id, statementIds) : undefined)
    .all();
  const indexedDocument = db.$client.prepare('SELECT document FROM statement_search_docs WHERE statement_id = ?').pluck();
  const upsertDoc = db.$client.prepare(
    `INSERT INTO statement_search_docs (statement_id, document) VALUES (?, ?)
     ON CONFLICT (statement_id) DO UPDATE SET document = excluded.document, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
     RETURNING doc_id`,
  );
  const indexes = indexedTexts.map(({ table, text }) => ({
    text,
    insert: db.$client.prepare(`INSERT INTO ${table} (rowid, doc) VALUES (?, ?)`),
    remove: db.$client.prepare(`INSERT INTO ${table} (${table}, rowid, doc) VALUES ('delete', ?, ?)`),
  }));
  db.$client.transaction(() => {
    for (const row of rows) {
      const document = searchDocument([row.text, row.titleJa, row.titleEn, row.meetingJa, row.meetingEn, row.themes]);
      // Undefined for a statement without a search document, null for one never indexed since 0008 emptied the
      // indexes: either way there is no entry to remove.
      const previous = indexedDocument.get(row.id) as string | null | undefined;
      const { doc_id: docId } = upsertDoc.get(row.id, document) as { doc_id: number };
      // The same text indexed again would leave the same entries: only churn in the index's segments.
      if (previous === document) continue;
      for (const index of indexes) {
        if (typeof previous === 'string') index.remove.run(docId, index.text(previous));
        index.insert.run(docId, index.text(document));
      }
    }
  })();
  return rows.length;
}

/** Indexes the statements that have no search document yet (new rows, or a database from before search). */
export function indexMissingStatements(db: AppDatabase): number {
  const missing = db
    .all<{ id: string }>(sql`SELECT id FROM statements WHERE id NOT IN (SELECT statement_id FROM statement_search_docs)`)
    .map((row) => row.id);
  // In batches: SQLite allows about 32 000 bound variables per statement, and an upgraded database can miss more.
  let indexed = 0;
  for (let i = 0; i < missing.length; i += 5000) indexed += reindexStatements(db, missing.slice(i, i + 5000));
  return indexed;
}

/**
 * A page of statements ordered by bm25 relevance (best first), then date (newest first), then id, with a
 * keyset cursor over all three. `otherFilters` holds every filter except `q`, which this function applies:
 * the terms of the ranking index through the ranked match itself, the rest as conditions; `filtered` says
 * whether `otherFilters` does more than hide deleted statements.
 *
 * Every match has to be scored, but only the best few need joining to their statements (about 2 µs a row, the
 * larger cost at 100 000 statements): the page is first looked for among the candidates that score at least as
 * well as the (limit + 1)-th best match, ties included. When filters leave too few of them, the page is made
 * from all matches instead, which is always right.
 */
export function relevancePage(
  db: AppDatabase,
  query: SearchQuery,
  otherFilters: SQL | undefined,
  filtered: boolean,
  limit: number,
  cursor: string | undefined,
  fingerprint: string,
): { page: KeysetPage; scores: Map<string, number> } {
  // Ranked by the most selective index the positive terms use: trigram, then words, then characters.
  const positive = query.terms.filter((term) => !term.negated);
  const index = (['trigram', 'words', 'chars'] as const).find((candidate) => positive.some((term) => indexFor(term) === candidate)) ?? 'chars';
  const table = indexTables[index];
  const rankedTerms = positive.filter((term) => indexFor(term) === index);
  // Matching the ranked terms a second time (as the q filter does elsewhere) would double the cost.
  const otherTerms = query.terms.filter((term) => !rankedTerms.includes(term));
  const conditions = and(otherFilters, searchCondition({ raw: query.raw, terms: otherTerms }));
  let cursorScore: SortValue | undefined;
  let after: SQL | undefined;
  if (cursor) {
    const [score, date, id] = decodeCursor(cursor, fingerprint, 3) as [SortValue, SortValue, string];
    cursorScore = score;
    after = sql`(r.score > ${score} OR (r.score = ${score} AND (${t.statements.date} < ${date} OR (${t.statements.date} = ${date} AND ${t.statements.id} < ${id}))))`;
  }
  const where = and(conditions, after);
  const ranked = sql`SELECT rowid AS doc_id, bm25(${table}) AS score FROM ${table} WHERE ${table} MATCH ${matchExpression(index, rankedTerms)}`;
  // CROSS JOIN fixes the join order, ranked matches outermost (left to itself, the planner drove the join from a
  // filter's IN-list and took minutes at 100 000 statements); statements are reached through the covering index
  // statements_live_by_id_idx, not their rows.
  const pageOf = (from: SQL, extra: SQL | undefined) =>
    sql`SELECT ${t.statements.id} AS id, ${t.statements.date} AS date, r.score AS score FROM ${from}
          CROSS JOIN statement_search_docs d ON d.doc_id = r.doc_id
          CROSS JOIN ${t.statements} ON ${t.statements.id} = d.statement_id
         ${and(where, extra) ? sql`WHERE ${and(where, extra)}` : sql``}
         ORDER BY r.score ASC, ${t.statements.date} DESC, ${t.statements.id} DESC
         LIMIT ${limit + 1}`;
  const eligible = cursorScore === undefined ? sql`SELECT * FROM matches` : sql`SELECT * FROM matches WHERE score >= ${cursorScore}`;
  const cut = sql`coalesce((SELECT score FROM (${eligible}) ORDER BY score LIMIT 1 OFFSET ${limit}), 1e308)`;
  // Without other filters the total is the number of matches less those of deleted statements (few), which
  // avoids joining every match.
  const deletedMatches = sql`SELECT count(*) FROM ${t.statements} INDEXED BY statements_live_date_idx
                               CROSS JOIN statement_search_docs dd ON dd.statement_id = ${t.statements.id}
                              WHERE ${t.statements.deletedAt} IS NOT NULL AND dd.doc_id IN (SELECT doc_id FROM matches)`;
  // Filters other than q can leave few of the candidates, and then the attempt is wasted: rank all matches at once.
  const rows = filtered
    ? []
    : db.all<{ id: string; date: string; score: number; matches: number; candidates: number; deleted: number | null }>(
    sql`WITH matches AS MATERIALIZED (${ranked})
        SELECT page.*, (SELECT count(*) FROM matches) AS matches,
               (SELECT count(*) FROM (${eligible}) WHERE score <= ${cut}) AS candidates,
               ${filtered || otherTerms.length > 0 ? sql`NULL` : sql`(${deletedMatches})`} AS deleted
          FROM (SELECT NULL) LEFT JOIN (${pageOf(sql`(${eligible}) r`, sql`r.score <= ${cut}`)}) page`,
  );
  const first = rows[0];
  let found = rows.filter((row) => row.id !== null);
  const eligibleCount = cursorScore === undefined ? (first?.matches ?? 0) : Number.POSITIVE_INFINITY;
  if (!first || (found.length <= limit && first.candidates < eligibleCount)) {
    // Filters left too few of the candidates: rank all matches.
    found = db.all<{ id: string; date: string; score: number }>(pageOf(sql`(${ranked}) r`, undefined)) as typeof found;
  }
  const total =
    first?.deleted !== null && first?.deleted !== undefined
      ? first.matches - first.deleted
      : (db.get<{ n: number }>(
          sql`SELECT count(*) AS n FROM (SELECT rowid AS doc_id FROM ${table} WHERE ${table} MATCH ${matchExpression(index, rankedTerms)}) r
                CROSS JOIN statement_search_docs d ON d.doc_id = r.doc_id
                CROSS JOIN ${t.statements} ON ${t.statements.id} = d.statement_id
               ${conditions ? sql`WHERE ${conditions}` : sql``}`,
        )?.n ?? 0);
  const more = found.length > limit;
  const page = more ? found.slice(0, limit) : found;
  const last = page.at(-1);
  return {
    page: {
      ids: page.map((row) => row.id),
      total,
      nextCursor: more && last ? encodeCursor({ k: [last.score, last.date, last.id], f: fingerprint }) : null,
    },
    // bm25 is lower-is-better; scores are served higher-is-better.
    scores: new Map(page.map((row) => [row.id, -row.score])),
  };
}

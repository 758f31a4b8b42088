import { and, asc, count, desc, eq, gt, inArray, isNotNull, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { InvalidQueryError } from '../../errors.js';
import type { Lang } from '../../schemas/query.js';
import type { SeedDataset } from '../../schemas/seed.js';
import type { Statement, statementSortKeys } from '../statements/schemas.js';
import { closeDatabase, type AppDatabase } from '../../db/sqlite/client.js';
import { datasetLastModified } from '../../db/data-version.js';
import { checkDatabase } from '../health/queries.js';
import { pick } from '../../platform/localize.js';
import * as t from '../../db/sqlite/schema.js';
import { relevancePage } from '../../db/sqlite/search.js';
import { hasFilters, statementWhere, type StatementFilters } from '../statements/filters.js';
import { hydrateStatements } from '../statements/queries.js';
import { groupBy } from '../../db/group-by.js';

/**
 * Reads for the bulk exports, in chunks. Ids come in batches, each one keyset query (ORDER BY sort key, id;
 * "after the last row of the previous batch"), and the statements of a batch are hydrated a chunk at a time:
 * no statement or iterator stays open between chunks, the event loop gets a turn after each chunk, and memory
 * holds one batch of ids and one chunk of statements however large the export. The filters are the list's
 * own (`statementWhere`), and the hydration too (`hydrateStatements`), so every filter and field of
 * /v1/statements, present and future, applies to exports as well.
 */

/**
 * How much reading one turn of the event loop may do. Hydrating statements costs a fixed part per call (six
 * queries: well under a millisecond since they read covering indexes, more on a busy machine) plus about
 * 0.1–0.3 ms per statement, so the chunk
 * size follows the measured cost of the previous chunks towards this budget, but never below a floor where
 * the fixed part would dominate: other requests wait about this long (plus the serialising of the chunk)
 * while an export runs, and the export does not crawl when the machine is busy.
 */
export const EXPORT_TURN_BUDGET_MS = 8;
const FIRST_CHUNK = 50;
const MIN_CHUNK = 20;
const MAX_CHUNK = 500;

/** Chunk sizes for a time budget per turn; a fixed size when one is given (tests, tools). */
export class ChunkPacer {
  size: number;
  constructor(private readonly fixed?: number) {
    this.size = fixed ?? FIRST_CHUNK;
  }

  /** After a chunk of `rows` rows took `ms`: move the size halfway (geometrically) towards the budget. */
  record(rows: number, ms: number): void {
    if (this.fixed !== undefined || rows < this.size) return;
    const target = (rows * EXPORT_TURN_BUDGET_MS) / Math.max(ms, 0.1);
    this.size = Math.round(Math.min(MAX_CHUNK, Math.max(MIN_CHUNK, Math.sqrt(this.size * target))));
  }
}

/** Where an export reads from. */
export interface ExportConnection {
  db: AppDatabase;
  /**
   * A connection of the export's own: the export holds one read transaction on it, so it reads one
   * consistent snapshot (WAL), and closes it at the end. Otherwise (the main connection of an in-memory
   * database) each chunk is read on its own, between other requests' statements.
   */
  dedicated: boolean;
  release: () => void;
}

/**
 * How exports get their connection: a fresh dedicated one per export when the database is a file the
 * server can open again (read-only), else the main connection (an in-memory database has no second one;
 * chunked reads leave nothing open across turns, so sharing it is safe, only not a snapshot).
 */
export function exportConnections(main: AppDatabase, openDedicated?: () => AppDatabase): () => ExportConnection {
  if (!openDedicated) return () => ({ db: main, dedicated: false, release: () => undefined });
  return () => {
    const db = openDedicated();
    return { db, dedicated: true, release: () => closeDatabase(db) };
  };
}

/**
 * Runs `read` on a connection opened for it, inside one read transaction when the connection is dedicated,
 * and always releases the connection: at the end, on error, and when the consumer stops early (a client
 * that disconnects ends the generator at its next yield). Nothing is opened before the first value is asked for.
 */
export async function* inReadSnapshot<T>(open: () => ExportConnection, read: (db: AppDatabase) => AsyncIterable<T>): AsyncGenerator<T> {
  const connection = open();
  const sqlite = connection.db.$client;
  try {
    if (connection.dedicated) sqlite.exec('BEGIN');
    yield* read(connection.db);
    if (connection.dedicated) sqlite.exec('COMMIT');
  } finally {
    if (connection.dedicated && sqlite.open && sqlite.inTransaction) sqlite.exec('ROLLBACK');
    connection.release();
  }
}

export interface DatasetVersion {
  /** The newest seed version applied to the database. */
  seedVersion: string | null;
  /** The newest updated_at of the data (the Last-Modified of /v1). */
  lastModified: string | null;
}

export function datasetVersion(db: AppDatabase): DatasetVersion {
  return { seedVersion: checkDatabase(db).seedVersion, lastModified: datasetLastModified(db) };
}

/**
 * What an export's validator (ETag) is derived from: the dataset version, plus the number of statements so
 * that a deletion (which moves no updated_at) changes it too. Cheap: a count over the smallest index.
 */
export function exportDataVersion(db: AppDatabase): DatasetVersion & { statements: number } {
  return { ...datasetVersion(db), statements: db.select({ n: count() }).from(t.statements).get()?.n ?? 0 };
}

export interface BriefingProvenance {
  briefingId: string;
  title: string;
  date: string;
  issuer: string;
  sourceFile: string;
  sourceSha256: string;
  /** The source line the briefing gives for its statements, verbatim. */
  citation: string | null;
}

export interface StatementExportHeader {
  count: number;
  datasetVersion: DatasetVersion;
  /** The briefings the exported statements come from. */
  provenance: BriefingProvenance[];
}

type StatementSortKey = (typeof statementSortKeys)[number];
export interface ExportSort {
  key: StatementSortKey;
  descending: boolean;
}

/** The columns of the keyset sorts; relevance has its own ranked query. Same order as /v1/statements. */
const sortColumns: Record<Exclude<StatementSortKey, 'relevance'>, (lang: Lang) => SQLiteColumn> = {
  date: () => t.statements.date,
  updatedAt: () => t.statements.updatedAt,
  title: (lang) => (lang === 'en' ? t.statements.titleEn : t.statements.titleJa),
};

export interface ChunkOptions {
  /** A fixed chunk size; by default it follows EXPORT_TURN_BUDGET_MS. */
  chunkSize?: number;
  /** Stops between chunks once aborted (the client went away). */
  signal?: AbortSignal;
}

export interface StatementExportReader {
  /** Counting visits every match: done in slices, with turns between them, like the rows. */
  header: (lang: Lang, signal?: AbortSignal) => Promise<StatementExportHeader>;
  chunks: (sort: ExportSort, lang: Lang, options?: ChunkOptions) => AsyncGenerator<Statement[]>;
}

/** Checks the filters as the list would (unknown codes are a 400 naming the parameter) without reading any statement. */
export function assertStatementFilters(db: AppDatabase, filters: StatementFilters): void {
  statementWhere(db, filters);
}

/** The statements matching `filters`, read on `db`: first the header (count, provenance), then the chunks. */
export function statementExportReader(db: AppDatabase, filters: StatementFilters): StatementExportReader {
  const where = statementWhere(db, filters);
  return {
    header: async (lang, signal) => ({
      count: await countInTurns(db, where, signal),
      datasetVersion: datasetVersion(db),
      provenance: provenance(db, where, lang),
    }),
    chunks: (sort, lang, options = {}) => statementChunks(db, filters, where, sort, lang, options),
  };
}

/** Rows of statements per counting step: a range of rowids, so each step reads at most this many rows. */
const COUNT_SLICE = 20_000;

async function countInTurns(db: AppDatabase, where: SQL | undefined, signal?: AbortSignal): Promise<number> {
  const rowid = sql`${t.statements}.rowid`;
  const last = db.get<{ n: number | null }>(sql`SELECT max(rowid) AS n FROM ${t.statements}`)?.n ?? 0;
  let total = 0;
  for (let from = 0; from < last; from += COUNT_SLICE) {
    if (from > 0) {
      await nextTurn();
      if (signal?.aborted) break;
    }
    total += db.select({ n: count() }).from(t.statements).where(and(where, sql`${rowid} > ${from} AND ${rowid} <= ${from + COUNT_SLICE}`)).get()?.n ?? 0;
  }
  return total;
}

/** The briefings the matching statements come from: one probe per briefing (there are few), each stopping at its first match. */
function provenance(db: AppDatabase, where: SQL | undefined, lang: Lang): BriefingProvenance[] {
  const ids = db
    .select({ id: t.briefings.id })
    .from(t.briefings)
    .all()
    .map((row) => row.id)
    .filter((id) => db.select({ id: t.statements.id }).from(t.statements).where(and(eq(t.statements.briefingId, id), where)).limit(1).get() !== undefined);
  return ids.length === 0 ? [] : briefingProvenance(db, inArray(t.briefings.id, ids), lang);
}

/** The provenance of one briefing (for dataset.json). */
export function datasetProvenance(db: AppDatabase, briefingId: string, lang: Lang): BriefingProvenance[] {
  return briefingProvenance(db, eq(t.briefings.id, briefingId), lang);
}

function briefingProvenance(db: AppDatabase, which: SQL, lang: Lang): BriefingProvenance[] {
  const briefings = db.select().from(t.briefings).where(which).orderBy(asc(t.briefings.date), asc(t.briefings.id)).all();
  if (briefings.length === 0) return [];
  const citations = new Map<string, string>();
  for (const source of db
    .select()
    .from(t.citedSources)
    .where(and(inArray(t.citedSources.briefingId, briefings.map((b) => b.id)), eq(t.citedSources.role, 'statements_source')))
    .orderBy(desc(t.citedSources.position))
    .all()) {
    // Descending: the first statements source of each briefing is set last and wins.
    citations.set(source.briefingId, source.citationText);
  }
  return briefings.map((b) => ({
    briefingId: b.id,
    title: pick(lang, b.titleJa, b.titleEn),
    date: b.date,
    issuer: pick(lang, b.issuerJa, b.issuerEn),
    sourceFile: b.sourceFile,
    sourceSha256: b.sourceSha256,
    citation: citations.get(b.id) ?? null,
  }));
}

/**
 * Ids in the export's order, a batch at a time. A batch costs one keyset query; for a sort without an
 * index on (key, id) (title, updatedAt) that query scans every match, so batches are large (this many ids
 * weigh a few tens of kilobytes) and the statements themselves are hydrated in smaller, paced chunks.
 */
const ID_BATCH = 2000;

function* keysetIdBatches(db: AppDatabase, where: SQL | undefined, sort: ExportSort, lang: Lang, batch: number): Generator<string[]> {
  const column = sortColumns[sort.key as Exclude<StatementSortKey, 'relevance'>](lang);
  const order = sort.descending ? desc : asc;
  let last: { key: string; id: string } | undefined;
  for (;;) {
    const after = last
      ? sort.descending
        ? sql`(${column}, ${t.statements.id}) < (${last.key}, ${last.id})`
        : sql`(${column}, ${t.statements.id}) > (${last.key}, ${last.id})`
      : undefined;
    const rows = db
      .select({ id: t.statements.id, key: sql<string>`${column}` })
      .from(t.statements)
      .where(and(where, after))
      .orderBy(order(column), order(t.statements.id))
      .limit(batch)
      .all();
    if (rows.length > 0) yield rows.map((row) => row.id);
    last = rows.at(-1);
    if (rows.length < batch || !last) return;
  }
}

/** sort=relevance: the search's own ranked pages (bm25, then newest), followed cursor by cursor. */
function* relevanceIdBatches(db: AppDatabase, filters: StatementFilters, batch: number): Generator<string[]> {
  const { q, ...otherFilters } = filters;
  if (!q) throw new InvalidQueryError([{ in: 'query', name: 'sort', message: 'relevance needs a search: add q' }]);
  const where = statementWhere(db, otherFilters);
  const filtered = hasFilters(otherFilters);
  let cursor: string | undefined;
  for (;;) {
    const { page } = relevancePage(db, q, where, filtered, batch, cursor, 'export');
    if (page.ids.length > 0) yield page.ids;
    if (!page.nextCursor) return;
    cursor = page.nextCursor;
  }
}

/** The statements of each id batch, hydrated in chunks that fit the turn budget, with a turn between chunks. */
async function* hydrateInTurns(db: AppDatabase, batches: Iterable<string[]>, lang: Lang, options: ChunkOptions): AsyncGenerator<Statement[]> {
  const pacer = new ChunkPacer(options.chunkSize);
  // Reading a batch of ids is a step of its own: the turn after it is spent on other requests first.
  for (const ids of batches) {
    await nextTurn();
    if (options.signal?.aborted) return;
    for (let i = 0; i < ids.length; ) {
      const started = performance.now();
      const slice = ids.slice(i, i + pacer.size);
      const statements = hydrateStatements(db, slice, lang);
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
  const batches = sort.key === 'relevance' ? relevanceIdBatches(db, filters, batch) : keysetIdBatches(db, where, sort, lang, batch);
  return hydrateInTurns(db, batches, lang, options);
}

/* ---------- dataset.json: the seed shape ---------- */

type SeedBriefing = SeedDataset['briefing'];
type SeedMeeting = SeedDataset['meetings'][number];
type SeedStatement = SeedDataset['statements'][number];

/** What a dataset export leaves out because the seed shape cannot hold it (counted, so a backup says so). */
export interface DatasetOmissions {
  /** Live statements of other briefings (export those with `briefing=`), or with incomplete provenance. */
  statementsOutsideBriefing: number;
  /** Soft-deleted rows: reads do not show them, so neither does the backup. */
  deleted: { statements: number; meetings: number; partners: number; themes: number };
}

export interface DatasetHead {
  version: string;
  briefing: SeedBriefing;
  partners: SeedDataset['partners'];
  memberships: SeedDataset['memberships'];
  themes: SeedDataset['themes'];
  counts: { partners: number; memberships: number; themes: number; meetings: number; statements: number };
  omitted: DatasetOmissions;
  /** Every briefing in the database, so that a reader of one file knows about the others. */
  briefingIds: string[];
}

/** The live partners and themes: relations pointing elsewhere are left out with the rows they point to. */
export interface DatasetVocabulary {
  partnerCodes: Set<string>;
  themeIds: Set<string>;
}

/** The briefing a dataset export is about: the one asked for, or the only one there is. */
export function resolveDatasetBriefing(db: AppDatabase, requested: string | undefined): string {
  const ids = db.select({ id: t.briefings.id }).from(t.briefings).orderBy(asc(t.briefings.id)).all().map((row) => row.id);
  const fail = (message: string) => new InvalidQueryError([{ in: 'query', name: 'briefing', message }]);
  if (requested !== undefined) {
    if (!ids.includes(requested)) throw fail(`unknown briefing ${requested}; see /v1/briefings`);
    return requested;
  }
  if (ids.length === 1) return ids[0]!;
  if (ids.length === 0) throw fail('the database holds no briefing: there is nothing to export');
  throw fail(`the database holds ${ids.length} briefings (${ids.join(', ')}): pick one with briefing=; each file is a complete seed`);
}

/**
 * The statements a dataset export holds, all live: the briefing's (with the provenance the seed shape needs
 * for them), and those with a source of their own (added through the API), which belong to no briefing and
 * so go into every briefing's file (loading two files loads them once: the loader skips rows that exist).
 */
function exportableStatements(briefingId: string): SQL | undefined {
  return and(
    isNull(t.statements.deletedAt),
    or(
      and(
        eq(t.statements.briefingId, briefingId),
        isNotNull(t.statements.sourceHeadingJa),
        isNotNull(t.statements.sourceLineNumber),
        isNotNull(t.statements.citedSourceId),
      ),
      and(isNull(t.statements.briefingId), isNull(t.statements.citedSourceId), isNotNull(t.statements.sourceUrl)),
    ),
  );
}

/** Live meetings, and any meeting an exported statement still points to. */
function exportableMeetings(db: AppDatabase, briefingId: string): SQL | undefined {
  return or(
    isNull(t.meetings.deletedAt),
    inArray(t.meetings.id, db.select({ id: t.statements.meetingId }).from(t.statements).where(exportableStatements(briefingId))),
  );
}

/** Themes with every parent before its children, as the loader inserts them in order. */
function parentsFirst<T extends { id: string; parentId: string | null }>(themes: T[]): T[] {
  const byId = new Map(themes.map((theme) => [theme.id, theme]));
  const placed = new Set<string>();
  const out: T[] = [];
  const place = (theme: T, depth = 0) => {
    if (placed.has(theme.id) || depth > themes.length) return;
    const parent = theme.parentId ? byId.get(theme.parentId) : undefined;
    if (parent) place(parent, depth + 1);
    placed.add(theme.id);
    out.push(theme);
  };
  themes.forEach((theme) => place(theme));
  return out;
}

const countOf = (db: AppDatabase, table: typeof t.statements | typeof t.meetings | typeof t.partners | typeof t.themes, where: SQL | undefined) =>
  db.select({ n: count() }).from(table).where(where).get()?.n ?? 0;

/** Everything of the seed shape except meetings and statements, which are read in chunks. */
export function datasetHead(db: AppDatabase, briefingId: string): DatasetHead {
  const b = db.select().from(t.briefings).where(eq(t.briefings.id, briefingId)).get();
  if (!b) throw new Error(`briefing ${briefingId} vanished`);
  const sources = db.select().from(t.citedSources).where(eq(t.citedSources.briefingId, briefingId)).orderBy(asc(t.citedSources.position)).all();
  const lesson = db.select().from(t.lessons).where(eq(t.lessons.briefingId, briefingId)).orderBy(asc(t.lessons.id)).get();
  // The seed shape requires a lesson: a briefing without one cannot be written in it (none exists today).
  if (!lesson) throw new Error(`briefing ${briefingId} has no lesson: the seed shape cannot express it`);
  const chartSourceIds = new Set(
    db.select({ id: t.lessonChartSources.citedSourceId }).from(t.lessonChartSources).where(eq(t.lessonChartSources.lessonId, lesson.id)).all().map((row) => row.id),
  );
  const stages = db.select().from(t.lessonStages).where(eq(t.lessonStages.lessonId, lesson.id)).orderBy(asc(t.lessonStages.position)).all();
  const entries = db.select().from(t.approachEntries).where(eq(t.approachEntries.briefingId, briefingId)).orderBy(asc(t.approachEntries.position)).all();
  const partners = db.select().from(t.partners).where(isNull(t.partners.deletedAt)).orderBy(asc(t.partners.code)).all();
  const live = new Set(partners.map((p) => p.code));
  const memberships = db
    .select()
    .from(t.partnerMemberships)
    .orderBy(asc(t.partnerMemberships.groupCode), asc(t.partnerMemberships.memberCode))
    .all()
    .filter((m) => live.has(m.groupCode) && live.has(m.memberCode));
  const themes = db.select().from(t.themes).where(isNull(t.themes.deletedAt)).orderBy(asc(t.themes.id)).all();
  const version = checkDatabase(db).seedVersion ?? `${b.date}.1`;
  const statements = countOf(db, t.statements, exportableStatements(briefingId));
  return {
    version,
    briefing: {
      id: b.id,
      titleJa: b.titleJa,
      titleEn: b.titleEn,
      date: b.date,
      issuerJa: b.issuerJa,
      issuerEn: b.issuerEn,
      sourceFile: b.sourceFile,
      sourceSha256: b.sourceSha256,
      statementsSectionTitleJa: b.statementsSectionTitleJa,
      citedSources: sources.map((s) => ({
        id: s.id,
        role: s.role,
        citationText: s.citationText,
        appliesToJa: s.appliesToJa,
        author: s.author,
        title: s.title,
        year: s.year,
      })),
      lesson: {
        id: lesson.id,
        titleJa: lesson.titleJa,
        titleEn: lesson.titleEn,
        chartCaptionJa: lesson.chartCaptionJa,
        chartSourcesLabelJa: lesson.chartSourcesLabelJa,
        chartSourceIds: sources.filter((s) => chartSourceIds.has(s.id)).map((s) => s.id),
        responseLabelJa: lesson.responseLabelJa,
        challengeLabelJa: lesson.challengeLabelJa,
        stages: stages.map((s) => ({
          id: s.id,
          nameJa: s.nameJa,
          nameEn: s.nameEn,
          responseMeasureJa: s.responseMeasureJa,
          responseOutcomeJa: s.responseOutcomeJa,
          challengeJa: s.challengeJa,
        })),
      },
      approach: {
        sectionTitleJa: entries[0]?.sectionTitleJa ?? '',
        entries: entries.map((e) => ({
          id: e.id,
          groupNumber: e.groupNumber,
          pillar: e.pillar,
          lineText: e.lineText,
          measuresText: e.measuresText,
          measures: e.measures,
        })),
      },
    },
    partners: partners.map((p) => ({
      code: p.code,
      kind: p.kind,
      iso3166Alpha2: p.iso3166Alpha2,
      nameJa: p.nameJa,
      nameEn: p.nameEn,
      shortNameJa: p.shortNameJa,
    })),
    memberships: memberships.map((m) => ({ groupCode: m.groupCode, memberCode: m.memberCode, role: m.role })),
    themes: parentsFirst(
      themes.map((th) => ({
        id: th.id,
        kind: th.kind,
        parentId: th.parentId,
        labelJa: th.labelJa,
        labelEn: th.labelEn,
        descriptionJa: th.descriptionJa,
        descriptionEn: th.descriptionEn,
      })),
    ),
    counts: {
      partners: partners.length,
      memberships: memberships.length,
      themes: themes.length,
      meetings: countOf(db, t.meetings, exportableMeetings(db, briefingId)),
      statements,
    },
    omitted: {
      statementsOutsideBriefing: countOf(db, t.statements, isNull(t.statements.deletedAt)) - statements,
      deleted: {
        statements: countOf(db, t.statements, isNotNull(t.statements.deletedAt)),
        meetings: countOf(db, t.meetings, isNotNull(t.meetings.deletedAt)),
        partners: countOf(db, t.partners, isNotNull(t.partners.deletedAt)),
        themes: countOf(db, t.themes, isNotNull(t.themes.deletedAt)),
      },
    },
    briefingIds: db.select({ id: t.briefings.id }).from(t.briefings).orderBy(asc(t.briefings.id)).all().map((row) => row.id),
  };
}

export function datasetVocabulary(head: DatasetHead): DatasetVocabulary {
  return { partnerCodes: new Set(head.partners.map((p) => p.code)), themeIds: new Set(head.themes.map((th) => th.id)) };
}


/** The meetings (in id order), with their partners, in chunks. */
export async function* datasetMeetingChunks(
  db: AppDatabase,
  briefingId: string,
  vocabulary: DatasetVocabulary,
  options: ChunkOptions = {},
): AsyncGenerator<SeedMeeting[]> {
  const pacer = new ChunkPacer(options.chunkSize);
  const which = exportableMeetings(db, briefingId);
  let lastId: string | undefined;
  for (;;) {
    const size = pacer.size;
    const started = performance.now();
    const rows = db
      .select()
      .from(t.meetings)
      .where(and(which, lastId === undefined ? undefined : gt(t.meetings.id, lastId)))
      .orderBy(asc(t.meetings.id))
      .limit(size)
      .all();
    if (rows.length === 0) return;
    const partners = groupBy(
      db
        .select()
        .from(t.meetingPartners)
        .where(inArray(t.meetingPartners.meetingId, rows.map((m) => m.id)))
        .orderBy(asc(t.meetingPartners.partnerCode))
        .all()
        .filter((row) => vocabulary.partnerCodes.has(row.partnerCode)),
      (row) => row.meetingId,
    );
    const meetings = rows.map((m) => ({
      id: m.id,
      kind: m.kind,
      nameJa: m.nameJa,
      nameEn: m.nameEn,
      startDate: m.startDate,
      endDate: m.endDate,
      representativeJa: m.representativeJa,
      representativeEn: m.representativeEn,
      partnerCodes: (partners.get(m.id) ?? []).map((p) => p.partnerCode),
    }));
    pacer.record(rows.length, performance.now() - started);
    yield meetings;
    lastId = rows.at(-1)?.id;
    if (rows.length < size) return;
    await nextTurn();
    if (options.signal?.aborted) return;
  }
}

/**
 * The briefing's statements (in id order) in the seed shape: passages as text, which the loader locates
 * again (highlights in order, evidence at its first occurrence), and no timestamps.
 */
export async function* datasetStatementChunks(
  db: AppDatabase,
  briefingId: string,
  vocabulary: DatasetVocabulary,
  options: ChunkOptions = {},
): AsyncGenerator<SeedStatement[]> {
  const pacer = new ChunkPacer(options.chunkSize);
  const which = exportableStatements(briefingId);
  let lastId: string | undefined;
  for (;;) {
    const size = pacer.size;
    const started = performance.now();
    const rows = db
      .select()
      .from(t.statements)
      .where(and(which, lastId === undefined ? undefined : gt(t.statements.id, lastId)))
      .orderBy(asc(t.statements.id))
      .limit(size)
      .all();
    if (rows.length === 0) return;
    const ids = rows.map((s) => s.id);
    const paragraphs = groupBy(
      db.select().from(t.statementParagraphs).where(inArray(t.statementParagraphs.statementId, ids)).orderBy(asc(t.statementParagraphs.position)).all(),
      (row) => row.statementId,
    );
    const highlights = groupBy(
      db.select().from(t.statementHighlights).where(inArray(t.statementHighlights.statementId, ids)).orderBy(asc(t.statementHighlights.position)).all(),
      (row) => row.statementId,
    );
    const partners = groupBy(
      db
        .select()
        .from(t.statementPartners)
        .where(inArray(t.statementPartners.statementId, ids))
        .orderBy(asc(t.statementPartners.partnerCode))
        .all()
        .filter((row) => vocabulary.partnerCodes.has(row.partnerCode)),
      (row) => row.statementId,
    );
    const themes = groupBy(
      db
        .select()
        .from(t.statementThemes)
        .where(inArray(t.statementThemes.statementId, ids))
        .orderBy(asc(t.statementThemes.themeId))
        .all()
        .filter((row) => vocabulary.themeIds.has(row.themeId)),
      (row) => row.statementId,
    );
    const evidence = groupBy(
      db
        .select()
        .from(t.statementThemeEvidence)
        .where(inArray(t.statementThemeEvidence.statementId, ids))
        .orderBy(asc(t.statementThemeEvidence.position))
        .all(),
      (row) => `${row.statementId}\u0000${row.themeId}`,
    );
    const statements = rows.map((s) => ({
      id: s.id,
      meetingId: s.meetingId,
      kind: s.kind,
      date: s.date,
      titleJa: s.titleJa,
      titleEn: s.titleEn,
      sourceHeadingJa: s.sourceHeadingJa,
      sourceLineNumber: s.sourceLineNumber,
      citedSourceId: s.citedSourceId,
      // Only statements with a source of their own have these; the briefing's stay as in the seed files.
      ...(s.sourceUrl !== null ? { sourceUrl: s.sourceUrl, sourceTitle: s.sourceTitle } : {}),
      text: s.text,
      paragraphs: (paragraphs.get(s.id) ?? []).map((p) => ({ number: p.number, text: p.text })),
      highlights: (highlights.get(s.id) ?? []).map((h) => h.text),
      partnerCodes: (partners.get(s.id) ?? []).map((p) => p.partnerCode),
      themes: (themes.get(s.id) ?? []).map((th) => ({
        themeId: th.themeId,
        evidence: (evidence.get(`${s.id}\u0000${th.themeId}`) ?? []).map((e) => e.text),
      })),
    }));
    pacer.record(rows.length, performance.now() - started);
    yield statements;
    lastId = rows.at(-1)?.id;
    if (rows.length < size) return;
    await nextTurn();
    if (options.signal?.aborted) return;
  }
}

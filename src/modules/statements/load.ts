import { and, asc, desc, eq, isNull, type SQL } from 'drizzle-orm';
import type { Lang } from '../../schemas/query.js';
import type { SeedDataset } from '../../schemas/seed.js';
import type { Statement } from './schemas.js';
import { engineOf, type AppDatabase } from '../../db/engine.js';
import { kindLabel, pick } from '../../platform/localize.js';
import * as t from '../../db/sqlite/schema.js';
import { groupBy } from '../../db/group-by.js';
import { preparedPerDatabase } from '../../db/id-list.js';
import { linkedPartners, partnerRef } from '../partners/linked.js';
import { meetingRef } from '../meetings/load.js';

/**
 * The one loader of statements: a statement with everything linked to it (meeting, briefing, cited source,
 * partners, themes with evidence, highlights, paragraphs), for any number of ids in one query per relation.
 * Each reader takes the shape it needs from the loaded aggregate with a projection: `toApiItem` (the API's
 * Statement), `toSeed` (dataset.json, the seed shape), `toEdit` (the editable document the writes and
 * revisions use). Loading is synchronous so that it can run inside a write transaction and in the exports'
 * paced chunks; `getStatement` is the asynchronous read for routes.
 */

type Passage = { text: string; startOffset: number; endOffset: number };

export interface StatementAggregate {
  statement: typeof t.statements.$inferSelect;
  meeting: typeof t.meetings.$inferSelect;
  briefing: { id: string; titleJa: string; titleEn: string; date: string; issuerJa: string; issuerEn: string; sourceFile: string } | null;
  citation: string | null;
  /** By code. */
  partners: (typeof t.partners.$inferSelect)[];
  /** Topics before approaches, then by id: the API's order. */
  themes: { theme: typeof t.themes.$inferSelect; evidence: (typeof t.statementThemeEvidence.$inferSelect)[] }[];
  highlights: (typeof t.statementHighlights.$inferSelect)[];
  paragraphs: (typeof t.statementParagraphs.$inferSelect)[];
}

function rowsQuery(db: AppDatabase, which: SQL | undefined, name: string) {
  const engine = engineOf(db);
  const query = db
    .select({
      statement: t.statements,
      meeting: t.meetings,
      briefing: {
        id: t.briefings.id,
        titleJa: t.briefings.titleJa,
        titleEn: t.briefings.titleEn,
        date: t.briefings.date,
        issuerJa: t.briefings.issuerJa,
        issuerEn: t.briefings.issuerEn,
        sourceFile: t.briefings.sourceFile,
      },
      citation: t.citedSources.citationText,
    })
    .from(t.statements)
    .innerJoin(t.meetings, eq(t.meetings.id, t.statements.meetingId))
    .leftJoin(t.briefings, eq(t.briefings.id, t.statements.briefingId))
    .leftJoin(t.citedSources, eq(t.citedSources.id, t.statements.citedSourceId))
    .where(and(engine.idList(t.statements.id), which));
  return engine.prepareRows(query, name);
}

/** The passages of a kind (highlights, paragraphs, evidence) of the statements, in their order. */
function byPosition<P extends typeof t.statementThemeEvidence | typeof t.statementHighlights | typeof t.statementParagraphs>(db: AppDatabase, table: P, name: string) {
  const engine = engineOf(db);
  return engine.prepareRows(db.select().from(table).where(engine.idList(table.statementId)).orderBy(asc(table.position)), name);
}

/**
 * The queries that load statements, made and prepared once per database: building them with the query
 * builder and preparing them again on every call cost more than running them (about 2 ms of a 3 ms uncached
 * GET /v1/statements/{id}). The ids go in as one parameter (the engine's idList).
 */
const loadQueries = preparedPerDatabase((db: AppDatabase) => {
  const engine = engineOf(db);
  return {
    live: rowsQuery(db, isNull(t.statements.deletedAt), 'load_statements_live'),
    /** Deleted statements too: the writes restore them and record their revisions. */
    any: rowsQuery(db, undefined, 'load_statements_any'),
    partners: linkedPartners(db, 'load_statement_partners', t.statementPartners, t.statementPartners.statementId, t.statementPartners.partnerCode),
    themes: engine.prepareRows(
      db
        .select({ statementId: t.statementThemes.statementId, theme: t.themes })
        .from(t.statementThemes)
        .innerJoin(t.themes, eq(t.themes.id, t.statementThemes.themeId))
        .where(engine.idList(t.statementThemes.statementId))
        // Topics before approaches, then alphabetically.
        .orderBy(desc(t.themes.kind), asc(t.themes.id)),
      'load_statement_themes',
    ),
    evidence: byPosition(db, t.statementThemeEvidence, 'load_statement_evidence'),
    highlights: byPosition(db, t.statementHighlights, 'load_statement_highlights'),
    paragraphs: byPosition(db, t.statementParagraphs, 'load_statement_paragraphs'),
  };
});

/** The statements with these ids, in the same order (unknown ids left out); live ones only unless `deleted`. */
export async function loadStatements(db: AppDatabase, ids: string[], options: { deleted?: boolean } = {}): Promise<StatementAggregate[]> {
  if (ids.length === 0) return [];
  const queries = loadQueries(db);
  const params = engineOf(db).idListParams(ids);
  const [rows, partnerRows, themeRows, evidenceRows, highlightRows, paragraphRows] = await Promise.all([
    (options.deleted ? queries.any : queries.live)(params),
    queries.partners(params),
    queries.themes(params),
    queries.evidence(params),
    queries.highlights(params),
    queries.paragraphs(params),
  ]);
  const partners = groupBy(partnerRows, (row) => row.ownerId);
  const themes = groupBy(themeRows, (row) => row.statementId);
  const evidence = groupBy(evidenceRows, (row) => `${row.statementId}\u0000${row.themeId}`);
  const highlights = groupBy(highlightRows, (row) => row.statementId);
  const paragraphs = groupBy(paragraphRows, (row) => row.statementId);
  const byId = new Map(
    rows.map(({ statement, meeting, briefing, citation }): [string, StatementAggregate] => [
      statement.id,
      {
        statement,
        meeting,
        briefing,
        citation,
        partners: (partners.get(statement.id) ?? []).map((row) => row.partner),
        themes: (themes.get(statement.id) ?? []).map(({ theme }) => ({ theme, evidence: evidence.get(`${statement.id}\u0000${theme.id}`) ?? [] })),
        highlights: highlights.get(statement.id) ?? [],
        paragraphs: paragraphs.get(statement.id) ?? [],
      },
    ]),
  );
  return ids.flatMap((id) => byId.get(id) ?? []);
}

const offsets = (p: Passage) => ({ start: p.startOffset, end: p.endOffset });

/** The API's Statement, labels in `lang`. */
export function toApiItem(a: StatementAggregate, lang: Lang): Statement {
  const { statement: s, briefing: b } = a;
  return {
    id: s.id,
    kind: s.kind,
    kindLabel: kindLabel('statement', s.kind, lang),
    date: s.date,
    title: pick(lang, s.titleJa, s.titleEn),
    text: s.text,
    textLanguage: 'ja',
    meeting: meetingRef(a.meeting, lang),
    partners: a.partners.map((p) => partnerRef(p, lang)),
    themes: a.themes.map(({ theme: th, evidence }) => ({
      id: th.id,
      kind: th.kind,
      label: pick(lang, th.labelJa, th.labelEn),
      evidence: evidence.map((e) => ({ text: e.text, ...offsets(e) })),
    })),
    highlights: a.highlights.map((h) => ({ text: h.text, ...offsets(h) })),
    paragraphs: a.paragraphs.map((p) => ({ number: p.number, text: p.text, ...offsets(p) })),
    provenance: {
      briefingId: b?.id ?? null,
      briefingTitle: b ? pick(lang, b.titleJa, b.titleEn) : null,
      briefingDate: b?.date ?? null,
      issuer: b ? pick(lang, b.issuerJa, b.issuerEn) : null,
      sourceFile: b?.sourceFile ?? null,
      sourceLine: s.sourceLineNumber,
      sourceHeading: s.sourceHeadingJa,
      citation: a.citation ?? null,
      sourceUrl: s.sourceUrl,
      sourceTitle: s.sourceTitle,
    },
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
  };
}

/** The themes by id (the seed's and the edit document's order) rather than the API's topics first. */
function themesById(a: StatementAggregate): StatementAggregate['themes'] {
  // Ids are ASCII slugs: comparing UTF-16 code units orders them as SQLite's BINARY collation does.
  return [...a.themes].sort((x, y) => (x.theme.id < y.theme.id ? -1 : x.theme.id > y.theme.id ? 1 : 0));
}

/** Which partners and themes a seed file holds: links to others are left out with the rows they point to. */
export interface SeedVocabulary {
  partnerCodes: ReadonlySet<string>;
  themeIds: ReadonlySet<string>;
}

/**
 * The seed shape (dataset.json): passages as text, which the loader locates again (highlights in order,
 * evidence at its first occurrence), and no timestamps.
 */
export function toSeed(a: StatementAggregate, vocabulary: SeedVocabulary): SeedDataset['statements'][number] {
  const s = a.statement;
  return {
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
    paragraphs: a.paragraphs.map((p) => ({ number: p.number, text: p.text })),
    highlights: a.highlights.map((h) => h.text),
    partnerCodes: a.partners.filter((p) => vocabulary.partnerCodes.has(p.code)).map((p) => p.code),
    themes: themesById(a)
      .filter(({ theme }) => vocabulary.themeIds.has(theme.id))
      .map(({ theme, evidence }) => ({ themeId: theme.id, evidence: evidence.map((e) => e.text) })),
  };
}

type EditPassage = { text: string; start: number; end: number };

/** The editable form of a statement: what revisions record and what a PATCH changes. */
export interface StatementEdit {
  id: string;
  meetingId: string;
  kind: 'chair_statement' | 'joint_statement' | 'news_release';
  date: string;
  titleJa: string;
  titleEn: string;
  text: string;
  paragraphs: (EditPassage & { number: string | null })[];
  highlights: EditPassage[];
  partners: string[];
  themes: { themeId: string; evidence: EditPassage[] }[];
  source: { url: string; title: string | null } | null;
  /** Read-only: where a transcribed statement comes from. */
  briefing: { briefingId: string; sourceHeadingJa: string | null; sourceLineNumber: number | null; citedSourceId: string | null } | null;
}

/** The editable document, and whether the statement is deleted (the writes refuse or restore it). */
export function toEdit(a: StatementAggregate): { document: StatementEdit; deletedAt: string | null } {
  const s = a.statement;
  const passage = (p: Passage): EditPassage => ({ text: p.text, ...offsets(p) });
  return {
    deletedAt: s.deletedAt,
    document: {
      id: s.id,
      meetingId: s.meetingId,
      kind: s.kind,
      date: s.date,
      titleJa: s.titleJa,
      titleEn: s.titleEn,
      text: s.text,
      paragraphs: a.paragraphs.map((p) => ({ number: p.number, ...passage(p) })),
      highlights: a.highlights.map(passage),
      partners: a.partners.map((p) => p.code),
      themes: themesById(a).map(({ theme, evidence }) => ({ themeId: theme.id, evidence: evidence.map(passage) })),
      source: s.sourceUrl ? { url: s.sourceUrl, title: s.sourceTitle } : null,
      briefing: s.briefingId
        ? { briefingId: s.briefingId, sourceHeadingJa: s.sourceHeadingJa, sourceLineNumber: s.sourceLineNumber, citedSourceId: s.citedSourceId }
        : null,
    },
  };
}

/** Full statements for these ids, in the same order: the list's pages and the exports' chunks. */
export async function hydrateStatements(db: AppDatabase, ids: string[], lang: Lang): Promise<Statement[]> {
  return (await loadStatements(db, ids)).map((a) => toApiItem(a, lang));
}

/** One statement as the API shows it, or null when there is none (or it is deleted). */
export async function getStatement(db: AppDatabase, id: string, lang: Lang): Promise<Statement | null> {
  // Also the If-Match check's read, on a write's transaction handle.
  return (await hydrateStatements(db, [id], lang))[0] ?? null;
}

/** The editable document of one statement, deleted or not, for the writes (on their transaction's handle). */
export async function loadStatementEdit(db: AppDatabase, id: string): Promise<{ document: StatementEdit; deletedAt: string | null } | null> {
  const [aggregate] = await loadStatements(db, [id], { deleted: true });
  return aggregate ? toEdit(aggregate) : null;
}

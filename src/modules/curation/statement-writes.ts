import { isDeepStrictEqual } from 'node:util';
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { ConflictError, NotFoundError, UnprocessableError } from '../../errors.js';
import type { StatementCreate, StatementPatch } from './schemas.js';
import { inTransaction, type AppDatabase } from '../../db/sqlite/client.js';
import { recordRevision, type Actor } from './revisions.js';
import * as t from '../../db/sqlite/schema.js';
import { reindexStatements } from '../../db/sqlite/search.js';

/**
 * Writes to statements. Every write is one transaction: the row, its links (partners, themes with evidence,
 * highlights, paragraphs), its search document and its revision all change together or not at all.
 */

interface Passage {
  text: string;
  start: number;
  end: number;
}

/** The editable form of a statement: what revisions record and what a PATCH changes. */
export interface StatementDocument {
  id: string;
  meetingId: string;
  kind: 'chair_statement' | 'joint_statement' | 'news_release';
  date: string;
  titleJa: string;
  titleEn: string;
  text: string;
  paragraphs: (Passage & { number: string | null })[];
  highlights: Passage[];
  partners: string[];
  themes: { themeId: string; evidence: Passage[] }[];
  source: { url: string; title: string | null } | null;
  /** Read-only: where a transcribed statement comes from. */
  briefing: { briefingId: string; sourceHeadingJa: string | null; sourceLineNumber: number | null; citedSourceId: string | null } | null;
}

type Violation = { in: 'body'; name: string; message: string };

export function loadStatementDocument(db: AppDatabase, id: string): { document: StatementDocument; deletedAt: string | null } | null {
  const row = db.select().from(t.statements).where(eq(t.statements.id, id)).get();
  if (!row) return null;
  const partners = db
    .select({ code: t.statementPartners.partnerCode })
    .from(t.statementPartners)
    .where(eq(t.statementPartners.statementId, id))
    .orderBy(asc(t.statementPartners.partnerCode))
    .all();
  const themes = db
    .select({ themeId: t.statementThemes.themeId })
    .from(t.statementThemes)
    .where(eq(t.statementThemes.statementId, id))
    .orderBy(asc(t.statementThemes.themeId))
    .all();
  const evidence = db
    .select()
    .from(t.statementThemeEvidence)
    .where(eq(t.statementThemeEvidence.statementId, id))
    .orderBy(asc(t.statementThemeEvidence.themeId), asc(t.statementThemeEvidence.position))
    .all();
  const highlights = db
    .select()
    .from(t.statementHighlights)
    .where(eq(t.statementHighlights.statementId, id))
    .orderBy(asc(t.statementHighlights.position))
    .all();
  const paragraphs = db
    .select()
    .from(t.statementParagraphs)
    .where(eq(t.statementParagraphs.statementId, id))
    .orderBy(asc(t.statementParagraphs.position))
    .all();
  const passage = (p: { text: string; startOffset: number; endOffset: number }): Passage => ({ text: p.text, start: p.startOffset, end: p.endOffset });
  return {
    deletedAt: row.deletedAt,
    document: {
      id: row.id,
      meetingId: row.meetingId,
      kind: row.kind,
      date: row.date,
      titleJa: row.titleJa,
      titleEn: row.titleEn,
      text: row.text,
      paragraphs: paragraphs.map((p) => ({ number: p.number, ...passage(p) })),
      highlights: highlights.map(passage),
      partners: partners.map((p) => p.code),
      themes: themes.map(({ themeId }) => ({ themeId, evidence: evidence.filter((e) => e.themeId === themeId).map(passage) })),
      source: row.sourceUrl ? { url: row.sourceUrl, title: row.sourceTitle } : null,
      briefing: row.briefingId
        ? { briefingId: row.briefingId, sourceHeadingJa: row.sourceHeadingJa, sourceLineNumber: row.sourceLineNumber, citedSourceId: row.citedSourceId }
        : null,
    },
  };
}

type PassageInput = { text: string; start?: number | undefined; end?: number | undefined };

/**
 * Places a passage in `text`: at its given offsets if it has them (which must hold exactly that text), or
 * at its first occurrence from `from`.
 */
function place(text: string, input: PassageInput, from: number, name: string, violations: Violation[]): Passage | null {
  if (input.start !== undefined || input.end !== undefined) {
    if (input.start === undefined || input.end === undefined) {
      violations.push({ in: 'body', name, message: 'give both start and end, or neither' });
      return null;
    }
    if (text.slice(input.start, input.end) !== input.text) {
      violations.push({ in: 'body', name, message: `text.slice(${input.start}, ${input.end}) is not the passage's text` });
      return null;
    }
    return { text: input.text, start: input.start, end: input.end };
  }
  const start = text.indexOf(input.text, from);
  if (start < 0) {
    violations.push({ in: 'body', name, message: 'is not part of the statement text' + (from > 0 ? ' after the previous passage' : '') });
    return null;
  }
  return { text: input.text, start, end: start + input.text.length };
}

function placeHighlights(text: string, inputs: PassageInput[], violations: Violation[]): Passage[] {
  const placed: Passage[] = [];
  let from = 0;
  inputs.forEach((input, i) => {
    const passage = place(text, input, from, `/highlights/${i}`, violations);
    if (!passage) return;
    if (passage.start < from) violations.push({ in: 'body', name: `/highlights/${i}`, message: 'highlights must be in order and must not overlap' });
    placed.push(passage);
    from = passage.end;
  });
  return placed;
}

function placeParagraphs(text: string, inputs: { number?: string | null | undefined; text: string }[], violations: Violation[]) {
  if (inputs.map((p) => p.text).join(' ') !== text) {
    violations.push({ in: 'body', name: '/paragraphs', message: 'joined by single spaces, the paragraphs must give the text back' });
    return [];
  }
  let from = 0;
  return inputs.map((p) => {
    const start = text.indexOf(p.text, from);
    from = start + p.text.length;
    return { number: p.number ?? null, text: p.text, start, end: start + p.text.length };
  });
}

function slugify(value: string): string {
  return value
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
}

function liveIds(db: AppDatabase, table: typeof t.partners | typeof t.themes, ids: string[]): Set<string> {
  if (ids.length === 0) return new Set();
  if (table === t.partners) {
    return new Set(
      db.select({ id: t.partners.code }).from(t.partners).where(and(inArray(t.partners.code, ids), isNull(t.partners.deletedAt))).all().map((r) => r.id),
    );
  }
  return new Set(db.select({ id: t.themes.id }).from(t.themes).where(and(inArray(t.themes.id, ids), isNull(t.themes.deletedAt))).all().map((r) => r.id));
}

/**
 * Builds the document a create or patch asks for, and every rule it would break: ids that must exist,
 * passages that must sit in the text, dates within the meeting. Throws a 422 listing them all.
 */
function resolveDocument(
  db: AppDatabase,
  id: string,
  base: StatementDocument | null,
  input: StatementPatch & { id?: string },
  briefingOverride?: StatementDocument['briefing'],
): StatementDocument {
  const violations: Violation[] = [];
  const text = input.text ?? base?.text ?? '';
  const textChanged = base !== null && input.text !== undefined && input.text !== base.text;

  // Passages: as given, or the existing ones found again in a changed text.
  const highlights = input.highlights
    ? placeHighlights(text, input.highlights, violations)
    : textChanged
      ? placeHighlights(text, (base?.highlights ?? []).map((h) => ({ text: h.text })), violations)
      : (base?.highlights ?? []);
  const themes = (input.themes ?? base?.themes ?? []).map((theme, i) => ({
    themeId: theme.themeId,
    evidence: theme.evidence.flatMap((e, j) => {
      const stale = !input.themes && textChanged;
      return place(text, stale ? { text: e.text } : e, 0, `/themes/${i}/evidence/${j}`, violations) ?? [];
    }),
  }));
  let paragraphs: StatementDocument['paragraphs'];
  if (input.paragraphs) paragraphs = placeParagraphs(text, input.paragraphs, violations);
  else if (!base || (textChanged && base.paragraphs.length <= 1)) paragraphs = [{ number: null, text, start: 0, end: text.length }];
  else if (textChanged) {
    const kept = placeParagraphs(text, base.paragraphs, []);
    if (kept.length === 0) violations.push({ in: 'body', name: '/paragraphs', message: 'the text changed and its paragraphs no longer match: send paragraphs too' });
    paragraphs = kept;
  } else paragraphs = base.paragraphs;

  const meetingId = input.meetingId ?? base?.meetingId ?? '';
  const date = input.date ?? base?.date ?? '';
  const meeting = db.select().from(t.meetings).where(and(eq(t.meetings.id, meetingId), isNull(t.meetings.deletedAt))).get();
  if (!meeting) violations.push({ in: 'body', name: '/meetingId', message: `there is no meeting ${meetingId}` });
  else if (date < meeting.startDate || date > meeting.endDate) {
    violations.push({ in: 'body', name: '/date', message: `must fall within the meeting's dates (${meeting.startDate} to ${meeting.endDate})` });
  }

  const partners = [...new Set(input.partners ?? base?.partners ?? [])].sort();
  const knownPartners = liveIds(db, t.partners, partners);
  partners.forEach((code) => {
    if (!knownPartners.has(code)) violations.push({ in: 'body', name: '/partners', message: `there is no partner ${code}` });
  });
  const themeIds = themes.map((theme) => theme.themeId);
  const knownThemes = liveIds(db, t.themes, themeIds);
  themeIds.forEach((themeId, i) => {
    if (!knownThemes.has(themeId)) violations.push({ in: 'body', name: `/themes/${i}/themeId`, message: `there is no theme ${themeId}` });
    if (themeIds.indexOf(themeId) !== i) violations.push({ in: 'body', name: `/themes/${i}/themeId`, message: `theme ${themeId} is listed twice` });
  });

  const source = input.source !== undefined ? (input.source ? { url: input.source.url, title: input.source.title ?? null } : null) : (base?.source ?? null);
  const briefing = briefingOverride !== undefined ? briefingOverride : (base?.briefing ?? null);
  if (!source && !briefing) {
    violations.push({ in: 'body', name: '/source', message: 'a statement that does not come from a briefing needs its own source (url)' });
  }

  if (violations.length > 0) throw new UnprocessableError(violations);
  return {
    id,
    meetingId,
    kind: input.kind ?? base?.kind ?? 'joint_statement',
    date,
    titleJa: input.titleJa ?? base?.titleJa ?? '',
    titleEn: input.titleEn ?? base?.titleEn ?? '',
    text,
    paragraphs,
    highlights,
    partners,
    themes: themes.sort((a, b) => a.themeId.localeCompare(b.themeId)),
    source,
    briefing,
  };
}

/** Writes the document's row and replaces all its links. */
function writeDocument(db: AppDatabase, doc: StatementDocument, isNew: boolean, now: string): void {
  const row = {
    meetingId: doc.meetingId,
    kind: doc.kind,
    date: doc.date,
    titleJa: doc.titleJa,
    titleEn: doc.titleEn,
    text: doc.text,
    sourceUrl: doc.source?.url ?? null,
    sourceTitle: doc.source?.title ?? null,
    briefingId: doc.briefing?.briefingId ?? null,
    sourceHeadingJa: doc.briefing?.sourceHeadingJa ?? null,
    sourceLineNumber: doc.briefing?.sourceLineNumber ?? null,
    citedSourceId: doc.briefing?.citedSourceId ?? null,
    // Writing a record (an update, or an import of a deleted one) makes it live.
    deletedAt: null,
    updatedAt: now,
  };
  if (isNew) db.insert(t.statements).values({ id: doc.id, ...row, createdAt: now }).run();
  else db.update(t.statements).set(row).where(eq(t.statements.id, doc.id)).run();

  for (const table of [t.statementThemeEvidence, t.statementThemes, t.statementPartners, t.statementHighlights, t.statementParagraphs]) {
    db.delete(table).where(eq(table.statementId, doc.id)).run();
  }
  const stamps = { createdAt: now, updatedAt: now };
  if (doc.partners.length) db.insert(t.statementPartners).values(doc.partners.map((partnerCode) => ({ statementId: doc.id, partnerCode, ...stamps }))).run();
  if (doc.highlights.length) {
    db.insert(t.statementHighlights)
      .values(doc.highlights.map((h, i) => ({ statementId: doc.id, position: i + 1, startOffset: h.start, endOffset: h.end, text: h.text, ...stamps })))
      .run();
  }
  db.insert(t.statementParagraphs)
    .values(doc.paragraphs.map((p, i) => ({ statementId: doc.id, position: i + 1, number: p.number, startOffset: p.start, endOffset: p.end, text: p.text, ...stamps })))
    .run();
  for (const theme of doc.themes) {
    db.insert(t.statementThemes).values({ statementId: doc.id, themeId: theme.themeId, ...stamps }).run();
    db.insert(t.statementThemeEvidence)
      .values(theme.evidence.map((e, i) => ({ statementId: doc.id, themeId: theme.themeId, position: i + 1, startOffset: e.start, endOffset: e.end, text: e.text, ...stamps })))
      .run();
  }
  reindexStatements(db, [doc.id]);
}

function uniqueId(db: AppDatabase, wanted: string): string {
  const taken = (id: string) => db.select({ id: t.statements.id }).from(t.statements).where(eq(t.statements.id, id)).get() !== undefined;
  if (!taken(wanted)) return wanted;
  for (let n = 2; ; n += 1) if (!taken(`${wanted}-${n}`)) return `${wanted}-${n}`;
}

export function createStatement(db: AppDatabase, input: StatementCreate, actor: Actor): StatementDocument {
  return inTransaction(db, () => {
    let id = input.id;
    if (id) {
      if (loadStatementDocument(db, id)) throw new UnprocessableError([{ in: 'body', name: '/id', message: `the id ${id} is taken` }]);
    } else {
      id = uniqueId(db, slugify(`${input.date} ${input.titleEn}`) || `statement-${input.date}`);
    }
    const doc = resolveDocument(db, id, null, input);
    writeDocument(db, doc, true, new Date().toISOString());
    recordRevision(db, { resource: 'statement', resourceId: id, operation: 'create', before: null, after: doc }, actor);
    return doc;
  });
}

/**
 * Changes a statement. `precondition` runs inside the transaction with the current document, so that the
 * If-Match check and the write cannot be separated by another writer.
 */
export function updateStatement(
  db: AppDatabase,
  id: string,
  patch: StatementPatch,
  actor: Actor,
  precondition: (current: StatementDocument) => void,
): StatementDocument {
  return inTransaction(db, () => {
    const current = loadStatementDocument(db, id);
    if (!current || current.deletedAt) throw new NotFoundError(`There is no statement with id ${id}.`);
    precondition(current.document);
    const doc = resolveDocument(db, id, current.document, patch);
    writeDocument(db, doc, false, new Date().toISOString());
    recordRevision(db, { resource: 'statement', resourceId: id, operation: 'update', before: current.document, after: doc }, actor);
    return doc;
  });
}

export function deleteStatement(db: AppDatabase, id: string, actor: Actor, precondition: (current: StatementDocument) => void): void {
  inTransaction(db, () => {
    const current = loadStatementDocument(db, id);
    if (!current || current.deletedAt) throw new NotFoundError(`There is no statement with id ${id}.`);
    precondition(current.document);
    const now = new Date().toISOString();
    db.update(t.statements).set({ deletedAt: now, updatedAt: now }).where(eq(t.statements.id, id)).run();
    recordRevision(db, { resource: 'statement', resourceId: id, operation: 'delete', before: current.document, after: null }, actor);
  });
}

export function restoreStatement(db: AppDatabase, id: string, actor: Actor): StatementDocument {
  return inTransaction(db, () => {
    const current = loadStatementDocument(db, id);
    if (!current) throw new NotFoundError(`There is no statement with id ${id}.`);
    if (!current.deletedAt) throw new ConflictError(`The statement ${id} is not deleted.`);
    // Its meeting, partners and themes must still be there for it to come back.
    resolveDocument(db, id, current.document, {});
    const now = new Date().toISOString();
    db.update(t.statements).set({ deletedAt: null, updatedAt: now }).where(eq(t.statements.id, id)).run();
    recordRevision(db, { resource: 'statement', resourceId: id, operation: 'restore', before: null, after: current.document }, actor);
    return current.document;
  });
}

/** A statement as the dataset file holds it (the seed shape): passages as text, provenance as columns. */
export interface StatementImport {
  id: string;
  meetingId: string;
  kind: StatementDocument['kind'];
  date: string;
  titleJa: string;
  titleEn: string;
  text: string;
  paragraphs: { number: string | null; text: string }[];
  highlights: string[];
  partnerCodes: string[];
  themes: { themeId: string; evidence: string[] }[];
  sourceHeadingJa: string | null;
  sourceLineNumber: number | null;
  citedSourceId: string | null;
  sourceUrl?: string | null | undefined;
  sourceTitle?: string | null | undefined;
}

/**
 * Creates, updates or leaves alone one statement of an import, by comparing what the file says with what is
 * stored (after the same validation as any write). Runs inside the import's transaction.
 */
export function importStatement(db: AppDatabase, item: StatementImport, briefingId: string | null, actor: Actor): 'created' | 'updated' | 'unchanged' {
  const input: StatementPatch = {
    meetingId: item.meetingId,
    kind: item.kind,
    date: item.date,
    titleJa: item.titleJa,
    titleEn: item.titleEn,
    text: item.text,
    paragraphs: item.paragraphs,
    highlights: item.highlights.map((text) => ({ text })),
    partners: item.partnerCodes,
    themes: item.themes.map((theme) => ({ themeId: theme.themeId, evidence: theme.evidence.map((text) => ({ text })) })),
    source: item.sourceUrl ? { url: item.sourceUrl, title: item.sourceTitle ?? null } : null,
  };
  const briefing =
    item.citedSourceId && briefingId
      ? { briefingId, sourceHeadingJa: item.sourceHeadingJa, sourceLineNumber: item.sourceLineNumber, citedSourceId: item.citedSourceId }
      : null;
  const current = loadStatementDocument(db, item.id);
  const doc = resolveDocument(db, item.id, null, input, briefing);
  if (current && !current.deletedAt && isDeepStrictEqual(current.document, doc)) return 'unchanged';
  writeDocument(db, doc, !current, new Date().toISOString());
  recordRevision(
    db,
    { resource: 'statement', resourceId: item.id, operation: current ? 'update' : 'create', before: current?.document ?? null, after: doc },
    actor,
  );
  return current ? 'updated' : 'created';
}
